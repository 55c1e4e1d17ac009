from app import greeting


def test_greeting():
    assert greeting("world") == "hello, world"
