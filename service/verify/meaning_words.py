"""Word tables of the meaning checks: opposites, connectives, modality and quantity words.

Entries are lower-case words or phrases; single words are compared by their stem, so
"lift", "lifted" and "lifting" are one entry. Each table groups words that say the
same thing; a sentence that uses a word of one group where its cited text uses a word
of an opposing group changes the meaning.
"""

from __future__ import annotations

# Pairs of opposites, each read both ways.
ANTONYMS: tuple[tuple[str, str], ...] = (
    ("lift", "impose"), ("lift", "keep"), ("lift", "maintain"), ("lift", "tighten"),
    ("ease", "tighten"), ("ease", "impose"), ("agree", "refuse"), ("agree", "decline"),
    ("accept", "reject"), ("approve", "reject"), ("valid", "invalid"), ("legal", "illegal"),
    ("include", "exclude"), ("part of", "separate from"), ("part of", "separately from"),
    ("increase", "decrease"), ("increase", "reduce"), ("rise", "fall"), ("rose", "fell"),
    ("widen", "narrow"), ("expand", "reduce"), ("expand", "narrow"), ("expand", "shrink"),
    ("open", "close"), ("begin", "end"), ("began", "ended"), ("start", "stop"),
    ("start", "end"), ("resume", "suspend"), ("resume", "halt"), ("continue", "halt"),
    ("continue", "stop"), ("allow", "ban"), ("allow", "forbid"), ("allow", "prohibit"),
    ("permit", "prohibit"), ("permit", "ban"), ("confirm", "deny"), ("admit", "deny"),
    ("alive", "dead"), ("survive", "die"), ("strengthen", "weaken"), ("support", "oppose"),
    ("voluntary", "forced"), ("voluntarily", "forcibly"), ("higher", "lower"),
    ("more", "fewer"), ("more", "less"), ("most", "least"), ("larger", "smaller"),
    ("largest", "smallest"), ("major", "minor"), ("win", "lose"), ("won", "lost"),
    ("success", "failure"), ("successful", "unsuccessful"), ("keep", "abandon"),
    ("keep", "drop"), ("maintain", "drop"), ("maintain", "abandon"), ("restore", "abolish"),
    ("restore", "remove"), ("renew", "end"), ("recognise", "dispute"), ("recognize", "dispute"),
    ("early", "late"), ("long", "short"), ("strong", "weak"), ("rich", "poor"),
    ("remain", "end"), ("stay", "end"), ("stay", "leave"), ("remain", "leave"),
    ("return", "stay"), ("arrive", "depart"), ("import", "export"), ("win", "defeat"),
    ("attack", "defend"), ("join", "leave"), ("join", "quit"), ("gain", "lose"),
    ("ally", "enemy"), ("friendly", "hostile"), ("peace", "war"), ("public", "secret"),
    ("official", "unofficial"), ("formal", "informal"), ("direct", "indirect"),
    ("possible", "impossible"), ("likely", "unlikely"), ("known", "unknown"),
    ("complete", "incomplete"), ("ratify", "reject"), ("sign", "reject"),
    ("release", "detain"), ("release", "arrest"), ("free", "detain"), ("upheld", "overturned"),
    ("uphold", "overturn"), ("win", "fail"), ("succeed", "fail"), ("pass", "fail"),
    ("north", "south"), ("east", "west"), ("northern", "southern"), ("eastern", "western"),
    ("into", "out of"), ("upper", "lower"), ("inside", "outside"),
    ("within", "outside"), ("above", "below"), ("over", "under"), ("upstream", "downstream"),
    ("permanent", "temporary"), ("clean", "polluted"), ("old", "new"), ("ancient", "modern"),
)  # fmt: skip

# Connectives: each kind has groups that oppose one another.
CONNECTIVES: dict[str, tuple[frozenset[str], ...]] = {
    "condition": (
        frozenset({"once", "after", "as soon as", "following", "when", "upon"}),
        frozenset({"before", "until", "prior to", "ahead of", "in advance of"}),
    ),
    "condition-if": (
        frozenset({"if", "only if", "provided", "on condition", "as long as"}),
        frozenset({"unless", "even if", "regardless", "whether or not"}),
    ),
    "cause": (
        frozenset(
            {
                "because",
                "because of",
                "due to",
                "owing to",
                "as a result of",
                "thanks to",
                "in response to",
                "led to",
                "caused",
                "so that",
                "therefore",
                "as a result",
                "resulted in",
            }
        ),
        frozenset(
            {
                "although",
                "despite",
                "even though",
                "though",
                "regardless of",
                "in spite of",
                "notwithstanding",
                "irrespective of",
            }
        ),
        # Mere succession: "followed" where the text says "led to" drops the cause.
        frozenset({"followed", "preceded", "coincided", "came after", "came before"}),
    ),
    "sequence": (
        frozenset(
            {
                "in parallel",
                "simultaneously",
                "at the same time",
                "together",
                "alongside",
                "concurrently",
            }
        ),
        frozenset(
            {
                "one after another",
                "one after the other",
                "in sequence",
                "sequentially",
                "in turn",
                "step by step",
                "consecutively",
                "in order",
            }
        ),
    ),
    "sequence-order": (
        frozenset(
            {
                "first",
                "earlier",
                "previously",
                "preceded",
                "former",
                "earliest",
                "initially",
                "originally",
                "prior",
            }
        ),
        frozenset(
            {
                "last",
                "later",
                "subsequently",
                "followed",
                "latter",
                "finally",
                "latest",
                "eventually",
                "afterwards",
                "next",
                "then",
            }
        ),
    ),
}

# Modality: what was done, what was committed to, what was only weighed.
MODALITY: dict[str, frozenset[str]] = {
    "done": frozenset({"delivered", "carried out", "completed", "implemented", "handed over",
                       "achieved", "fulfilled", "executed", "did", "had already", "already"}),
    "committed": frozenset({"promised", "pledged", "agreed to", "undertook", "committed",
                            "was to", "were to", "would", "will", "vowed", "shall", "must",
                            "obliged", "required"}),
    "tentative": frozenset({"considered", "proposed", "discussed", "suggested", "may", "might",
                            "could", "possibly", "planned", "intended", "hoped", "sought",
                            "explored", "whether", "perhaps", "probably",
                            "reportedly", "allegedly"}),
}  # fmt: skip
# Words that soften a statement; added where the text states a fact, they change it.
HEDGES = frozenset({"may", "might", "possibly", "perhaps", "probably", "reportedly",
                    "allegedly"})  # fmt: skip
# Able / unable, which the negation check misses for "can" -> "cannot".
ABILITY = (frozenset({"can", "able"}), frozenset({"cannot", "unable"}))  # "could not" = "cannot"

# Scope and quantity: a word of one group where the text has another changes the claim.
QUANTIFIERS: tuple[frozenset[str], ...] = (
    frozenset({"all", "every", "each", "entire", "whole", "always", "both"}),
    frozenset({"most", "many", "much", "majority", "largely", "mostly"}),
    frozenset({"some", "several", "part", "partly", "partial", "half", "certain", "partially",
               "one", "one of"}),
    frozenset({"few", "little", "hardly", "minority", "rarely", "seldom"}),
    frozenset({"none", "no", "neither", "never", "nobody", "nothing"}),
)  # fmt: skip
ONLY = frozenset({"only", "solely", "exclusively", "alone", "just"})
ALSO = frozenset({"also", "too", "as well", "additionally", "even"})

SPEECH_VERBS = frozenset(
    """said says say stated states announced announces claimed claims reported reports told
    tells insisted insists argued argues declared declares wrote writes denied denies
    confirmed confirms accused accuses acknowledged acknowledges noted notes called calls
    asserted asserts maintained maintains warned warns demanded demands asked asks""".split()
)

# Phrases whose words do not carry their usual meaning ("at once" is not "once").
IDIOMS = ("at once", "at first", "first of all", "all but", "in order to", "even so",
          "no longer", "at least", "at most", "all the same", "only just")  # fmt: skip

# Verbs whose subject and object the role check compares (past tense and irregular forms;
# regular "-ed" forms are recognised by their ending).
IRREGULAR_VERBS = frozenset(
    """gave give gives took take takes told tell tells met meet meets sent send sends made
    make makes found find finds won win wins led lead leads paid pay pays sold sell sells
    bought buy buys held hold holds left leave leaves brought bring brings began begin
    begins wrote write writes kept keep keeps beat beats struck strike strikes hit hits
    threw throw throws caught catch catches fought fight fights chose choose chooses
    asks urges calls invites visits""".split()
)
