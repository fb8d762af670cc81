// What a reader can read on a page, measured in the browser (used by check.mjs):
//   - a code or output block that needs horizontal scrolling (its content is wider than the
//     block) at the width the page is loaded at;
//   - figure text smaller than MIN_FIGURE_TEXT_PX as displayed: each SVG figure is fetched,
//     laid out hidden at the size its <img> is displayed, and every <text> is measured as the
//     browser draws it (its computed font size times the scale from the figure's own units to
//     the page's pixels, viewBox and transforms included).

/** The smallest figure text allowed, in CSS pixels as displayed on the page. */
export const MIN_FIGURE_TEXT_PX = 11;

/**
 * Runs inside the page (page.evaluate(inspectLegibility, MIN_FIGURE_TEXT_PX)).
 * Returns { problems, blocks, figures }: `blocks` the code blocks that scroll sideways
 * ({ overflow, line }), `figures` every SVG figure ({ src, displayed, smallest, text }).
 */
export async function inspectLegibility(minTextPx) {
  const problems = [];
  const main = document.querySelector('main') ?? document.body;

  // Code and output blocks. mdbook scrolls `pre > code`; a block may also be a bare <pre>.
  const blocks = [];
  for (const pre of main.querySelectorAll('pre')) {
    const scroller = pre.querySelector(':scope > code') ?? pre;
    const overflow = Math.max(scroller.scrollWidth - scroller.clientWidth, pre.scrollWidth - pre.clientWidth);
    if (overflow > 1) {
      const lines = scroller.textContent.split('\n');
      const line = lines.reduce((a, b) => (b.length > a.length ? b : a), '');
      blocks.push({ overflow, line });
      problems.push(
        `code block scrolls sideways at ${window.innerWidth} px (${overflow} px too wide; ` +
          `longest line, ${line.length} characters: "${line.trim().slice(0, 60)}…")`,
      );
    }
  }

  // Figures: the SVGs, measured as displayed.
  const figures = [];
  const images = [...main.querySelectorAll('img')].filter((img) => /\.svg([?#].*)?$/i.test(img.getAttribute('src') ?? ''));
  for (const img of images) {
    const rect = img.getBoundingClientRect();
    if (rect.width === 0) continue; // not displayed (a closed <details>, say)
    const src = img.getAttribute('src');
    let doc;
    try {
      const text = await (await fetch(img.currentSrc || img.src)).text();
      doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    } catch (e) {
      problems.push(`figure ${src} could not be read: ${e}`);
      continue;
    }
    const svg = doc.documentElement;
    if (svg.nodeName !== 'svg') {
      problems.push(`figure ${src} is not an SVG document`);
      continue;
    }
    // The figure's own coordinate system: its viewBox, or else its width and height.
    if (!svg.hasAttribute('viewBox')) {
      const w = parseFloat(svg.getAttribute('width')) || img.naturalWidth;
      const h = parseFloat(svg.getAttribute('height')) || img.naturalHeight;
      svg.setAttribute('viewBox', `0 0 ${w} ${h}`);
    }
    svg.setAttribute('width', String(rect.width));
    svg.setAttribute('height', String(rect.height));
    // An <img> draws its SVG in isolation: the page's CSS does not reach it, and text without
    // a font size of its own is drawn at the browser's default, 16 px.
    const holder = document.createElement('div');
    holder.style.cssText =
      'position:absolute;left:0;top:0;visibility:hidden;pointer-events:none;font:16px sans-serif;line-height:normal;';
    holder.append(document.importNode(svg, true));
    document.body.append(holder);
    const placed = holder.querySelector('svg');
    const base = placed.getScreenCTM();
    let smallest = Infinity;
    let smallestText = '';
    for (const t of placed.querySelectorAll('text')) {
      const words = t.textContent.trim();
      if (!words) continue;
      const m = t.getScreenCTM();
      if (!m || !base) continue;
      const scale = Math.sqrt(Math.abs(m.a * m.d - m.b * m.c));
      const px = parseFloat(getComputedStyle(t).fontSize) * scale;
      if (px < smallest) {
        smallest = px;
        smallestText = words;
      }
    }
    holder.remove();
    figures.push({ src, displayed: Math.round(rect.width), smallest, text: smallestText });
    if (smallest < minTextPx - 0.05) {
      problems.push(
        `figure text too small: ${src} shown ${Math.round(rect.width)} px wide, its smallest text ` +
          `("${smallestText.slice(0, 30)}") is ${smallest.toFixed(1)} px (at least ${minTextPx} px)`,
      );
    }
  }
  return { problems, blocks, figures };
}
