"""Small import files in the corpus format, built in tests."""

import copy

BASE = {
    "service": {},
    "course": {
        "course": {
            "level": "A1",
            "starts": "2027-02-01",
            "ends": "2027-05-31",
            "schedule": "monday 09:00-11:00; thursday 14:30-16:30",
            "free": True,
            "childcare": True,
            "provider": "CPIA Cremona",
        }
    },
    "event": {
        "event": {
            "starts": "2027-03-06T15:00",
            "ends": "2027-03-06T18:00",
            "organizer": None,
            "free": True,
            "registration_required": False,
        }
    },
    "association": {
        "association": {
            "founded": 2010,
            "languages_spoken": ["it", "wo", "fr"],
            "activities": ["doposcuola", "festa di quartiere"],
        }
    },
}


def item(kind, key, *, translations=None, **fields):
    data = {
        "key": key,
        "type": kind,
        "municipality": "Cremona",
        "location": {
            "name": "Sala civica",
            "address": "Via Roma 1, Cremona",
            "lat": 45.13,
            "lon": 10.02,
        },
        "contact": {"phone": "+39 0372 000000", "email": "info@esempio.example", "website": None},
        "topics": ["health"],
        "audience": ["adults"],
        **copy.deepcopy(BASE[kind]),
        "translations": translations
        or {
            "it": {
                "title": f"Titolo {key}",
                "summary": "Riassunto in italiano.",
                "body": "Primo paragrafo.\n\nSecondo paragrafo.",
            },
            "ar": {
                "title": f"عنوان {key}",
                "summary": "ملخص بالعربية.",
                "body": "الفقرة الأولى.\n\nالفقرة الثانية.",
            },
        },
    }
    data.update(fields)
    return data


def content_file(*items):
    return {"format": 1, "source_locale": "it", "locales": ["it", "ar"], "items": list(items)}
