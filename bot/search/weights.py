"""How much each way of finding a question word counts (docs/search.md, "Expanding a
question word"): 1.0 for the word itself, less the less surely the other form means it."""

EXACT_WEIGHT = 1.0              # the word's own key (stemmed and folded)
ACRONYM_WEIGHT = 1.0            # an acronym the minutes define, or its definition
DISSENT_WEIGHT = 1.0            # "Hvem stemte imod?": the items that record dissent
# A word the minutes use only inside compounds ("assistent" in assistentelever): the
# compounds are how the minutes say it, so they count nearly as the word itself.
ONLY_IN_COMPOUNDS_WEIGHT = 0.85
SYNONYM_WEIGHT = 0.8            # a word of the same thesaurus group
NOUN_WEIGHT = 0.8               # an unknown verb's -ing noun (saneres -> sanering)
HEAD_WEIGHT = 0.7               # a compound the word ends ("strategi" in uddannelsesstrategi)
MODIFIER_WEIGHT = 0.6           # a compound the word starts ("klima" in klimapartnerskab)
SPLIT_WEIGHT = 0.5              # an unknown compound's two halves: weak evidence in a long item
# Typos: an unknown word's closest keys count their similarity squared (1 - edits / length,
# a swap of two letters one edit), from this similarity up.
FUZZY_CUTOFF = 0.8
