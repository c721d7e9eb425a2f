"""The result model: serialisable, schema-valid, typed."""

import json
from importlib import resources

import jsonschema
import pytest

import vngov
from vngov import model

SAMPLES = [
    "",
    "Kế hoạch số 04/KH-UBND ngày 13 tháng 01 năm 2021 giai đoạn 2021 - 2025",
    "ỦY BAN NHÂN DÂN\nTỈNH HẬU GIANG\nSố: 12/QĐ-UBND\nHậu Giang, ngày 05 tháng 3 năm 2021\n"
    "QUYẾT ĐỊNH\nVề việc thành lập Ban Chỉ đạo\n\nNơi nhận:\n- Như Điều 3;\n- Lưu: VT.\n"
    "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nĐồng Văn Thanh\n",
]


@pytest.fixture(scope="module")
def schema() -> dict:
    text = resources.files("vngov").joinpath("schema/vngov-1.json").read_text(encoding="utf-8")
    return json.loads(text)


@pytest.mark.parametrize("text", SAMPLES)
def test_to_dict_validates_against_the_shipped_schema(schema: dict, text: str) -> None:
    d = vngov.extract(text).to_dict()
    jsonschema.validate(d, schema)
    assert json.loads(json.dumps(d)) == d


def test_schema_rejects_a_broken_record(schema: dict) -> None:
    d = vngov.extract(SAMPLES[1]).to_dict()
    d["dates"][0]["value"] = "13/01/2021"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(d, schema)


def test_every_field_present_and_fields_limit_work() -> None:
    r = vngov.extract(SAMPLES[1], fields=["dates"])
    assert r.dates and r.document_numbers == [] and r.periods == []
    assert set(r.to_dict()) == {"schema", *vngov.FIELDS}


def test_unknown_field_and_wrong_type_are_errors() -> None:
    with pytest.raises(ValueError):
        vngov.extract("x", fields=["dates", "nonsense"])
    with pytest.raises(TypeError):
        vngov.extract(b"bytes")  # type: ignore[arg-type]


def test_mentions_are_frozen_and_have_spans() -> None:
    d = vngov.extract(SAMPLES[1]).dates[0]
    assert d.span() == (d.start, d.end)
    with pytest.raises(AttributeError):
        d.value = "x"  # type: ignore[misc]


@pytest.mark.parametrize("cls", sorted(model.DATACLASS_INIT, key=lambda c: c.__name__))
def test_fast_init_makes_what_the_dataclass_init_makes(cls) -> None:
    """model._store_at_once replaces the frozen dataclass __init__: same signature, same
    objects (by defaults, positionally, by keyword), still frozen."""
    import dataclasses
    import inspect

    original = model.DATACLASS_INIT[cls]
    assert inspect.signature(cls.__init__) == inspect.signature(original)
    names = [f.name for f in dataclasses.fields(cls)]
    required = {"text": "UBND tỉnh", "start": 3, "end": 12, "rule": "atoms:x"}
    values = [f"v{i}" for i in range(len(names))]
    by_name = dict(zip(names, values, strict=True))
    for args, kwargs in (((), required), (tuple(values), {}), ((), by_name)):
        fast = cls(*args, **kwargs)
        slow = object.__new__(cls)
        original(slow, *args, **kwargs)
        assert vars(fast) == vars(slow) and fast == slow and hash(fast) == hash(slow)
        with pytest.raises(dataclasses.FrozenInstanceError):
            fast.text = "x"  # type: ignore[misc]
    assert dataclasses.replace(cls(**required), rule="b").rule == "b"
