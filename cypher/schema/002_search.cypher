// Full-text search over names, Chinese and English. The cjk analyzer indexes Chinese as overlapping
// character pairs, so any two or more consecutive characters of a name find it (钛业 finds 甘肃东方钛业有限公司);
// Latin words are tokenised and lower-cased, so English names match word by word.
CREATE FULLTEXT INDEX name_search IF NOT EXISTS
FOR (n:Source|Park|ChainType|ChainSegment|IndustryChain|Enterprise|PartyOrganization|GovernmentBody|Institution|Platform|PioneerTeam|Project|Outcome|Indicator)
ON EACH [n.name, n.nameEn, n.shortName]
OPTIONS { indexConfig: { `fulltext.analyzer`: 'cjk', `fulltext.eventually_consistent`: false } };
