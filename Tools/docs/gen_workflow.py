#!/usr/bin/env python3
"""Regenerates docs/WORKFLOW.md: runs every command line of the everyday workflow
against the built binary in a scratch folder and pastes the real output into
Tools/docs/WORKFLOW.template.md (placeholders {name}; literal braces doubled).

Usage (from the repository root, after `swift build`):
  python3 Tools/docs/gen_workflow.py            # CAUCUS_BIN overrides .build/debug/caucus
"""
import subprocess, os, shutil, sys, tempfile
REPO=os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
BIN=os.path.abspath(os.environ.get('CAUCUS_BIN', os.path.join(REPO, '.build/debug/caucus')))
SHARED=os.path.abspath(os.path.join(REPO, '..', 'shared'))
root=os.path.join(tempfile.gettempdir(), 'caucus-workflow')
shutil.rmtree(root, ignore_errors=True)
os.makedirs(root+'/alice'); os.makedirs(root+'/bob')
env=dict(os.environ); env['NO_COLOR']='1'; env.pop('CAUCUS_DB',None); env.pop('CAUCUS_EDITOR',None)
env['PATH']=os.path.dirname(BIN)+':'+env['PATH']
def run(who, cmd, maxlines=None):
    p=subprocess.run(cmd, shell=True, cwd=root+'/'+who, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    out=p.stdout.rstrip('\n')
    lines=out.split('\n') if out else []
    if maxlines and len(lines)>maxlines:
        lines=lines[:maxlines]+['…']
    text='$ '+cmd+('\n'+'\n'.join(lines) if lines else '')
    if p.returncode!=0: text+=f'\n$ echo $?\n{p.returncode}'
    return text
blocks={}
def B(name, who, cmds, maxlines=None):
    blocks[name]='\n'.join(run(who,c,maxlines) for c in cmds)
CSV='../shared/data/partyfacts-core-parties.csv'
MAPPING='../docs/partyfacts.mapping'
os.makedirs(root+'/tourhome')
os.symlink(SHARED, root+'/shared')
os.symlink(os.path.join(REPO, 'docs'), root+'/docs')
open(root+'/alice/more.csv','w').write('id,name,country,founded,membership\nkpa,Kommunist Partiyası,AZE,1993,"7,000"\nmp,Müsavat,Azerbaijan,1911,\nYAP,Yeni Azərbaycan Partiyası,AZE,1992,seven hundred\n')
B('tour','tourhome',['caucus tour'])
B('init','alice',['caucus init --editor alice'])
B('create','alice',['caucus set ucpa --new name="United Communist Party of Azerbaijan" abbreviation=UCPA country=AZE founded=1993 registered=1995 newspaper=Kommunist --source "party registration file"',
  'caucus set ucpa membership 7000 --source "party\'s own figure" --as-of 2005',
  'caucus add ucpa ideology Communism Marxism-Leninism --source "party programme"',
  'caucus set ucpa vote_share=8.3 vote_share_year=2005 --source "2005 election, District 12" --as-of 2005'])
B('mistakes','alice',['caucus set ucpa membership "seven thousand"','caucus set ucap membership 7000','caucus set ucpa membrship 7000','caucus show UCPA','caucus remove ucpa ideology Maoism'])
B('show','alice',['caucus show ucpa'])
B('csv','alice',[f"caucus import-csv {CSV} --id-template 'pf-{{partyfacts_id}}' --skip-if technical --map name_short=abbreviation --map year_first=founded --map year_last=dissolved --map share=vote_share --map share_year=vote_share_year --source \"Party Facts\""])
B('csvbad','alice',['cat more.csv','caucus import-csv more.csv'])
B('list','alice',['caucus list --country AZE --sort founded --limit 8','caucus list --country AZE --missing wikipedia --limit 3'])
B('search','alice',['caucus search communist azerbaijan','caucus search Коммунистическая --limit 3','caucus search حزب --limit 3'])
B('export','alice',['caucus export --output ../alice-1.caucus-changes','caucus inspect ../alice-1.caucus-changes'])
B('bobstart','bob',['caucus init --editor bob','caucus import --dry-run ../alice-1.caucus-changes','caucus import ../alice-1.caucus-changes'])
B('diverge1','alice',['caucus set ucpa membership 7500 --source "party congress report" --as-of 2006'])
B('diverge2','bob',['caucus set ucpa membership 5000 --source "regional press estimate" --as-of 2006','caucus export --for alice --output ../bob-1.caucus-changes'])
B('swap1','alice',['caucus import --exit-code ../bob-1.caucus-changes','caucus conflicts','caucus show ucpa'])
B('resolve','alice',['caucus resolve ucpa membership --pick 2','caucus conflicts','caucus export --for bob --output ../alice-2.caucus-changes'])
B('swap2','bob',['caucus import ../alice-2.caucus-changes','caucus history ucpa membership','caucus status'])
B('delete','alice',['caucus delete pf-6641 --source "test delete"','caucus list --deleted','caucus restore pf-6641','caucus clear ucpa newspaper','caucus history ucpa newspaper'])
B('release','alice',['caucus release create 2026.1 --note "after settling the membership"','caucus set ucpa leader Tukanov --source "1998 party congress"','caucus release list','caucus diff 2026.1','caucus diff 2026.1 --stat','caucus dump --at 2026.1 | grep \'"ucpa"\'' ])
B('exports','alice',[f'caucus export-csv --mapping {MAPPING} --at 2026.1 --output partyfacts-2026.1.csv','head -3 partyfacts-2026.1.csv','caucus export-json --country AZE --at 2026.1 | head -2 | cut -c1-160','caucus export-json --package parties-2026.1 --at 2026.1','cat parties-2026.1/README.md'])
B('revert','bob',['caucus set junk --new name="Test party"','caucus set ucpa newspaper "Yeni Kommunist"','caucus export --for alice --output ../bob-2.caucus-changes'])
blocks['revert']+='\n'+'\n'.join(run('alice',c) for c in ['caucus import ../bob-2.caucus-changes','caucus revert ../bob-2.caucus-changes --dry-run','caucus revert ../bob-2.caucus-changes','caucus history ucpa newspaper'])
B('fields','alice',['caucus field add family --type choice --choices "communist/socialist,social democracy,green" --help-text "the party family, as ParlGov has it"',
  'caucus field add parlgov --type external-id','caucus set ucpa family=communist/socialist parlgov=1760 --source "ParlGov 2024"',
  'caucus set ucpa family=liberal','caucus field add family --type choice --choices communist/socialist','caucus field list | tail -3',
  'caucus find parlgov:1760','caucus set pg-1760 --new "name=United Communist Party" founded=1992 parlgov=1761 --source ParlGov',
  'caucus link ucpa pg-1760 --same --source "one party in two datasets"','caucus show ucpa | tail -8','caucus search 共产党 --limit 2'])
B('json','alice',['caucus show ucpa --json','caucus conflicts --json; echo "exit $?"','caucus list --country AZE --limit 2 --json','caucus search communist azerbaijan --limit 1 --json','caucus history ucpa membership --json','caucus status --json','caucus inspect ../alice-1.caucus-changes --json','caucus import --dry-run ../bob-1.caucus-changes --json'])
template=open(os.path.join(REPO, 'Tools/docs/WORKFLOW.template.md'), encoding='utf-8').read()
open(os.path.join(REPO, 'docs/WORKFLOW.md'), 'w', encoding='utf-8').write(template.format(**blocks))
shutil.rmtree(root, ignore_errors=True)
print('wrote docs/WORKFLOW.md')
