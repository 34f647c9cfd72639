"""A manifest that is valid JSON of the wrong shape is refused in words a person reads, not a Python error."""

import pytest

from incidents.backup.archive import ArchiveError, Manifest


@pytest.mark.parametrize(("raw", "named"), [(b"[]", "not list"), (b"42", "not int"), (b'"x"', "not str")])
def test_a_manifest_that_is_not_an_object_says_so(raw, named):
    # Found by an auditor: a list gave "manifest.json is unreadable: 'list' object has no attribute 'get'".
    with pytest.raises(ArchiveError) as refused:
        Manifest.from_json(raw)
    assert "a JSON object was expected, " + named in str(refused.value)
    assert "attribute" not in str(refused.value)
