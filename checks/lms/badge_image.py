"""The level-1 badge image: an accessible SVG (title and description) and a PNG of it."""

from __future__ import annotations

import html
import io

BADGE_TITLE = "Badge IA responsable, niveau 1"
BADGE_DESCRIPTION = ("Badge circulaire bleu foncé portant le texte « IA responsable » et "
                     "« Niveau 1 : professionnel sensibilisé ».")


def badge_svg() -> str:
    """The badge as an SVG with role="img", a title and a description."""
    return f"""<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" \
viewBox="0 0 256 256" role="img" aria-labelledby="badge-title badge-desc">
<title id="badge-title">{html.escape(BADGE_TITLE)}</title>
<desc id="badge-desc">{html.escape(BADGE_DESCRIPTION)}</desc>
<circle cx="128" cy="128" r="120" fill="#0b3d75"/>
<circle cx="128" cy="128" r="104" fill="none" stroke="#ffffff" stroke-width="6"/>
<text x="128" y="112" font-family="sans-serif" font-size="26" font-weight="bold" \
fill="#ffffff" text-anchor="middle">IA responsable</text>
<text x="128" y="150" font-family="sans-serif" font-size="20" fill="#ffffff" \
text-anchor="middle">Niveau 1</text>
<text x="128" y="178" font-family="sans-serif" font-size="14" fill="#ffffff" \
text-anchor="middle">professionnel sensibilisé</text>
</svg>
"""


def badge_png() -> bytes:
    """The same badge drawn as a 256 × 256 PNG (matplotlib), for PNG baking."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.patches import Circle

    fig = plt.figure(figsize=(2.56, 2.56), dpi=100)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, 256)
    ax.set_ylim(256, 0)
    ax.axis("off")
    ax.add_patch(Circle((128, 128), 120, color="#0b3d75"))
    ax.add_patch(Circle((128, 128), 104, fill=False, edgecolor="#ffffff", linewidth=4))
    for y, text, size, weight in ((112, "IA responsable", 14, "bold"), (150, "Niveau 1", 12,
                                  "normal"), (178, "professionnel sensibilisé", 8, "normal")):
        ax.text(128, y, text, color="#ffffff", fontsize=size, fontweight=weight,
                ha="center", va="center")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", transparent=True)
    plt.close(fig)
    return buffer.getvalue()
