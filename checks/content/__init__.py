"""The formats authors write in the notebooks: exercise markers, quizzes, chapter facts.

Both the book (which renders them) and the gate (which checks them) read them here.
"""
