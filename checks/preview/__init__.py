"""The gate inside `caire preview`: the book's live preview (`checks.book.preview`) plus a
worker that checks what each rebuild changed and a findings panel the server adds to every
page it serves (never to the built site)."""
