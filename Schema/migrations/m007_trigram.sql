-- m007_trigram: a trigram index beside the word index, for names written without spaces
-- between words. Frozen once landed; changes go in a new migration.
--
-- `search` (m001) indexes words (FTS5's unicode61): a run of Chinese, Japanese or Thai letters
-- is one word there, so 共产党 finds 中国共产党 only when typed whole. `search_trigram` indexes
-- the same names by their pieces of three characters (FTS5's trigram tokenizer), so that any part
-- of a name of three characters or more is found through it, and a shorter one by LIKE on the
-- same table. Descriptions are left out: they are long, and searched by word.
--
-- Invariant (kept by PartyStore.refreshSearchIndex, which writes both tables in one
-- transaction):
--  11. search_trigram holds a row iff search does, with the same rowid, id and names.

CREATE VIRTUAL TABLE search_trigram USING fts5 (id UNINDEXED, name, name_other, name_english, abbreviation, tokenize = 'trigram');
INSERT INTO search_trigram (rowid, id, name, name_other, name_english, abbreviation)
SELECT rowid, id, name, name_other, name_english, abbreviation FROM search;
