"""Link texts that say nothing of where a link leads, in French and English: one list for
the source rule (`link-generic-text`) and the page rule (`page-link-generic`), which also
takes a bare file format ("PDF") as saying nothing of what a link leads to; and the
words a link's context may hold without saying it either ("Pour en savoir plus, cliquez
ici", "Click here to learn more"), for the page rule."""

from __future__ import annotations

GENERIC_LINK_TEXTS = frozenset({
    # French
    "ici", "cliquez ici", "cliquer ici", "lien", "ce lien", "plus", "en savoir plus",
    "lire la suite", "la suite", "suite", "voir", "voir plus", "détails", "aller",
    "télécharger",
    # English
    "here", "click here", "link", "this link", "more", "read more", "learn more",
    "more info", "details", "go", "continue", "download",
})
# Link texts that name only a file format ("PDF", "EPUB", "texte brut"): they say how the
# destination comes, not what it is, and need a context that does (the page rule only:
# the source rule reads no context).
FORMAT_LINK_TEXTS = frozenset({
    "pdf", "html", "epub", "txt", "csv", "json", "docx", "odt", "xlsx", "ods", "pptx",
    "odp", "mp3", "mp4", "zip", "texte brut", "plain text", "word", "excel",
})
# Words that name no destination: grammar words, and those of calls to click, read, see or
# download something unnamed. A context made only of them (and of the link texts above)
# leaves the link's purpose unknown (WCAG 2.4.4); one other word ("règlement", "IA",
# "2024") may name it, and the page rule then trusts the context.
CONTEXT_WORDS = frozenset(
    # French
    "à au aux avec c ce ceci cela cet cette ces ci ça d dans de des dessous dessus du "
    "elle en est et il j l la le les leur leurs m ma mes mon n ne nos notre nous on ou où "
    "par pas pour qu que qui s sa se ses son sont sur t ta tes ton tous tout toute toutes "
    "un une vos votre vous y "
    "accéder accédez aller allez cliquant cliquer cliquez clic complémentaires consulter "
    "consultez davantage détail détails disponible disponibles document fichier "
    "information informations infos info ici là lien liens lire lisez page pages plus "
    "pouvez rendez savoir site suite suivant suivante télécharger téléchargez texte "
    "trouverez voir voyez également aussi si voulez souhaitez veuillez merci vers "
    "encore afin peut puis "
    # English
    "a about all also an and are at be below by can check click continue detail details "
    "document download file find for from full further go here in info information is it "
    "its learn link more now of on or our out page please read see site text that the "
    "there this to us view visit we website you your if want wish would like need may "
    "just so then".split()) | frozenset(
    word for text in GENERIC_LINK_TEXTS | FORMAT_LINK_TEXTS for word in text.split())
# Punctuation around a link text that does not change what it says.
TRIM = " .:!…»«\"'()[]→>"


def is_generic(name: str) -> bool:
    return " ".join(name.split()).lower().strip(TRIM) in GENERIC_LINK_TEXTS
