"""ContentType: how a frame's content was found, a str enum whose values are the model
features' strings (saidwhat.extract.spans)."""

from __future__ import annotations

import ast
import inspect

import pytest

from saidwhat.extract import spans
from saidwhat.extract.boundary import default_boundary
from saidwhat.extract.scorer import default_model
from saidwhat.extract.spans import ContentType

# The strings the packaged models were trained with: a changed value needs a retraining.
TRAINED = [
    "clause", "split", "call", "call_loose", "express", "xcomp", "paren", "as_paren",
    "paren_mid", "answer", "object", "about", "prep", "passive", "raised", "colon_block",
    "copula", "adj", "according", "asked", "noun_clause", "noun_prep", "anaphora", "colon",
]  # fmt: skip


def test_content_type_values_are_the_trained_strings() -> None:
    assert sorted(m.value for m in ContentType) == sorted(TRAINED)
    assert all(m.name.lower() == m.value for m in ContentType)


@pytest.mark.parametrize("member", list(ContentType))
def test_content_type_feature_strings_are_the_plain_values(member: ContentType) -> None:
    assert "ct=" + member == "ct=" + member.value
    assert f"ctype={member}" == "ctype=" + member.value
    assert str(member) == member.value and member == member.value


def test_content_type_every_member_has_a_docstring() -> None:
    tree = ast.parse(inspect.getsource(spans))
    (cls,) = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "ContentType"]
    documented = set()
    for node, after in zip(cls.body, cls.body[1:], strict=False):
        doc = after.value if isinstance(after, ast.Expr) else None
        if isinstance(node, ast.Assign) and isinstance(doc, ast.Constant) and str(doc.value):
            documented.add(node.targets[0].id)  # type: ignore[attr-defined]
    assert documented == {m.name for m in ContentType}


def test_content_types_the_models_know_are_members() -> None:
    frame = {k.split("=", 1)[1] for k in default_model().weights if k.startswith("ct=")}
    cut = {k.split("=", 1)[1] for k in default_boundary().weights if k.startswith("ctype=")}
    assert frame and cut
    assert frame | cut <= {m.value for m in ContentType}
