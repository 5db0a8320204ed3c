"""Per-language text analysis for the search engine.

Every language gets an index analyser (`tdi_<lang>`), a search analyser that adds the
language's synonyms (`tdi_<lang>_search`) and a pair for autocomplete on word prefixes.
Languages the engine has a stemmer for use it; Urdu, Punjabi, Ukrainian and Albanian get a
custom chain (see docs/search.md for why each step is there). Stop words and synonyms are
data files in search/resources/.
"""

from pathlib import Path

from django.conf import settings

RESOURCES = Path(__file__).parent / "resources"

# Language code of the site -> the chain of token filters after the standard tokenizer.
# "stop" and "synonyms" mark where the language's stop words and (at search time) synonyms go.
CHAINS = {
    "it": ["it_elision", "lowercase", "stop", "asciifolding", "synonyms", "it_stemmer"],
    "en": ["en_possessive", "lowercase", "stop", "asciifolding", "synonyms", "en_stemmer"],
    "fr": ["fr_elision", "lowercase", "stop", "asciifolding", "synonyms", "fr_stemmer"],
    "es": ["lowercase", "stop", "asciifolding", "synonyms", "es_stemmer"],
    "ar": [
        "lowercase",
        "decimal_digit",
        "stop",
        "arabic_normalization",
        "synonyms",
        "ar_stemmer",
    ],
    # Urdu: see CHAR_FILTERS, which first turns Arabic-keyboard letters into Urdu ones.
    "ur": ["lowercase", "decimal_digit", "stop", "synonyms"],
    "pa": ["lowercase", "decimal_digit", "stop", "indic_normalization", "synonyms"],
    # No Ukrainian or Albanian stemmer ships with the engine: keeping the first letters of long
    # words is a crude but robust stand-in for the endings of these inflected languages.
    "uk": ["lowercase", "stop", "synonyms", "prefix_stem"],
    "sq": ["lowercase", "asciifolding", "stop", "synonyms", "prefix_stem"],
    # Chinese has no spaces: overlapping character pairs (bigrams) are the engine's cjk approach.
    "zh-hans": ["cjk_width", "lowercase", "cjk_bigram", "synonyms"],
}

# Applied to the text before it is cut into words.
CHAR_FILTERS = {
    # Urdu written with an Arabic keyboard has Arabic yeh, kaf and heh where Urdu has its own
    # letters; short-vowel marks are optional in writing. Unify both before the stop words.
    "ur": ["ur_letters", "arabic_marks"],
    "ar": ["arabic_marks"],
}

SHARED_CHAR_FILTERS = {
    "ur_letters": {
        "type": "mapping",
        "mappings": ["ي => ی", "ى => ی", "ك => ک", "ه => ہ", "ۀ => ہ", "ة => ہ"],
    },
    "arabic_marks": {
        "type": "pattern_replace",
        "pattern": "[\\u064B-\\u065F\\u0670]",
        "replacement": "",
    },
}

BUILTIN_STOP_WORDS = {
    "it": "_italian_",
    "en": "_english_",
    "fr": "_french_",
    "es": "_spanish_",
    "ar": "_arabic_",
}

SHARED_FILTERS = {
    "it_elision": {
        "type": "elision",
        "articles": [
            "c",
            "l",
            "all",
            "dall",
            "dell",
            "nell",
            "sull",
            "coll",
            "pell",
            "gl",
            "agl",
            "dagl",
            "degl",
            "negl",
            "sugl",
            "un",
            "m",
            "t",
            "s",
            "v",
            "d",
        ],  # fmt: skip
        "articles_case": True,
    },
    "fr_elision": {
        "type": "elision",
        "articles": [
            "l",
            "m",
            "t",
            "qu",
            "n",
            "s",
            "j",
            "d",
            "c",
            "jusqu",
            "quoiqu",
            "lorsqu",
            "puisqu",
        ],  # fmt: skip
        "articles_case": True,
    },
    "en_possessive": {"type": "stemmer", "language": "possessive_english"},
    "it_stemmer": {"type": "stemmer", "language": "light_italian"},
    "en_stemmer": {"type": "stemmer", "language": "english"},
    "fr_stemmer": {"type": "stemmer", "language": "light_french"},
    "es_stemmer": {"type": "stemmer", "language": "light_spanish"},
    "ar_stemmer": {"type": "stemmer", "language": "arabic"},
    "prefix_stem": {"type": "truncate", "length": 6},
    "prefix_edge": {"type": "edge_ngram", "min_gram": 1, "max_gram": 20},
}


def field_suffix(language):
    """Field names can't hold '-': zh-hans -> zh_hans."""
    return language.replace("-", "_")


def languages():
    return [code for code, _ in settings.LANGUAGES]


def read_lines(name):
    path = RESOURCES / name
    if not path.exists():
        return []
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def analysis_settings():
    """The `analysis` section of the index settings, for every site language."""
    filters = dict(SHARED_FILTERS)
    analyzers = {}
    for language in languages():
        suffix = field_suffix(language)
        chain = CHAINS[language]
        stop_words = BUILTIN_STOP_WORDS.get(language) or read_lines(f"stopwords_{suffix}.txt")
        filters[f"{suffix}_stop"] = {"type": "stop", "stopwords": stop_words or "_none_"}
        synonyms = read_lines(f"synonyms_{suffix}.txt")
        if synonyms:
            filters[f"{suffix}_synonyms"] = {
                "type": "synonym_graph",
                "synonyms": synonyms,
                "lenient": True,
            }

        def resolve(steps, with_synonyms, suffix=suffix, synonyms=synonyms):
            resolved = []
            for step in steps:
                if step == "stop":
                    resolved.append(f"{suffix}_stop")
                elif step == "synonyms":
                    if with_synonyms and synonyms:
                        resolved.append(f"{suffix}_synonyms")
                else:
                    resolved.append(step)
            return resolved

        base = {
            "type": "custom",
            "tokenizer": "standard",
            "char_filter": CHAR_FILTERS.get(language, []),
        }
        analyzers[f"tdi_{suffix}"] = {**base, "filter": resolve(chain, False)}
        analyzers[f"tdi_{suffix}_search"] = {**base, "filter": resolve(chain, True)}
        # Autocomplete matches the beginnings of words as typed: normalise, never stem.
        plain = [
            step
            for step in resolve(chain, False)
            if not step.endswith(("_stemmer", "prefix_stem", "_stop"))
        ]
        analyzers[f"tdi_{suffix}_prefix"] = {**base, "filter": plain + ["prefix_edge"]}
        analyzers[f"tdi_{suffix}_prefix_search"] = {**base, "filter": plain}
    return {"analyzer": analyzers, "filter": filters, "char_filter": SHARED_CHAR_FILTERS}


def language_field_mappings():
    """Mappings of the per-language fields: each analysed only with its own language."""
    fields = {}
    for language in languages():
        suffix = field_suffix(language)
        analysed = {
            "type": "text",
            "analyzer": f"tdi_{suffix}",
            "search_analyzer": f"tdi_{suffix}_search",
        }
        fields[f"tdi_title_{suffix}"] = {
            **analysed,
            "fields": {
                "prefix": {
                    "type": "text",
                    "analyzer": f"tdi_{suffix}_prefix",
                    "search_analyzer": f"tdi_{suffix}_prefix_search",
                }
            },
        }
        fields[f"tdi_text_{suffix}"] = analysed
    return fields
