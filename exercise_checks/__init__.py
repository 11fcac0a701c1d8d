"""The checks behind every lesson's exercises, one module a lesson (lesson06.py for 06).

A lesson's check cell calls one function from here by name, so a learner's workspace made
before a check improved still runs the improved check. Each function takes what the learner
wrote (a function, a class), tries it on the example and on inputs it has never seen, and prints
exercises.py's verdict: `correct`, or `not yet` with the next rung of the exercise's hints.
"""
