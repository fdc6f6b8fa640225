-- m007_trigram: a trigram index beside the word index, for names written without spaces
-- between words. Frozen once landed; changes go in a new migration.
--
-- `search` (m001) indexes words (FTS5's unicode61): a run of Chinese, Japanese or Thai letters
-- is one word there, so 共产党 finds 中国共产党 only when typed whole. `search_trigram` indexes
-- the same names by their pieces of three characters (FTS5's trigram tokenizer), so that any part
-- of a name of three characters or more is found through it, and a shorter one by LIKE on the
-- same table. Descriptions are left out: they are long, and searched by word. Only the records
-- with a name in such a script are in it, since only a query in such a script is looked up in
-- it, and only such a name can match one: indexing every record's names this way took half as
-- much room again as the whole replica (Tools/bench/RESULTS.md, 2026-12-06).
--
-- caucus_unspaced(text) is a function the program registers for this migration: 1 when the text
-- holds a letter of a script written without spaces between words (PartyStore.isUnspaced).
--
-- Invariant (kept by PartyStore.refreshSearchIndex, which writes both tables in one
-- transaction):
--  11. search_trigram holds a row iff search does and one of its names holds a letter of such a
--      script, with the same rowid, id and names.

CREATE VIRTUAL TABLE search_trigram USING fts5 (id UNINDEXED, name, name_other, name_english, abbreviation, tokenize = 'trigram');
INSERT INTO search_trigram (rowid, id, name, name_other, name_english, abbreviation)
SELECT rowid, id, name, name_other, name_english, abbreviation FROM search
WHERE caucus_unspaced(name) OR caucus_unspaced(name_other) OR caucus_unspaced(name_english) OR caucus_unspaced(abbreviation);
