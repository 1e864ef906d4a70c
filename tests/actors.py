"""The actor tests use where who acts does not matter to the test: the system, as a seed run or a task would."""

from municipalities.actors import Actor

TEST_ACTOR = Actor.system(name="tests")
