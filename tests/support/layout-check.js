// The layout check run inside a page (tests/support/layout.ts reads this file and evaluates it in
// Chromium, as plain JavaScript so no transpiler helper leaks into the browser). It measures what a
// person standing at the screen would see and returns a list of problems, each a sentence naming the
// elements (by data-testid, else tag.class and text):
//   - overlap: two visible controls (buttons, links, inputs, selects, tabs) cover each other, or a
//     control covers text that is not its own (a heading under a tab);
//   - cut: text clipped by its box (overflow hidden / text-overflow ellipsis / line clamp), or text
//     wider than its box spilling out, or the page itself wider than the screen;
//   - mid-word: a short label (a control's text, or a leaf label of a few characters) broken inside a
//     word — "实时总/览", "退/出", "第 1 / 3 页" one character a line — or any Latin word broken;
//   - small text: with `minFontPx`, any visible text smaller than that (the board read from 5 m).
// Only what is on screen counts: elements clipped away by a scrolling ancestor, hidden, or under an
// open modal dialog are left out.
(function layoutProblems(opts) {
  const problems = [];
  const vw = window.innerWidth;
  const vh = window.innerHeight;
  const minFontPx = opts && opts.minFontPx;

  const describe = (el) => {
    const id = el.closest('[data-testid]');
    const own = el.getAttribute && el.getAttribute('data-testid');
    const text = (el.innerText || el.value || '').replace(/\s+/g, ' ').trim().slice(0, 30);
    const cls = typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\s+/)[0] : '';
    const where = own ? `[${own}]` : `${el.tagName.toLowerCase()}${cls}${id ? ` in [${id.getAttribute('data-testid')}]` : ''}`;
    return text ? `${where} "${text}"` : where;
  };

  const styleOf = (el) => getComputedStyle(el);
  const isShown = (el) => {
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      const s = styleOf(e);
      if (s.display === 'none' || s.visibility === 'hidden' || s.visibility === 'collapse' || Number(s.opacity) === 0) return false;
    }
    return true;
  };

  /** The part of a rect left visible by every clipping ancestor and the viewport (null when none is). */
  const clipRect = (el, r) => {
    let x1 = Math.max(0, r.left), y1 = Math.max(0, r.top), x2 = Math.min(vw, r.right), y2 = Math.min(vh, r.bottom);
    for (let e = el.parentElement; e && e !== document.documentElement; e = e.parentElement) {
      const s = styleOf(e);
      if (s.overflowX !== 'visible' || s.overflowY !== 'visible') {
        const c = e.getBoundingClientRect();
        x1 = Math.max(x1, c.left); y1 = Math.max(y1, c.top); x2 = Math.min(x2, c.right); y2 = Math.min(y2, c.bottom);
      }
    }
    return x2 - x1 >= 1 && y2 - y1 >= 1 ? { left: x1, top: y1, right: x2, bottom: y2 } : null;
  };

  const overlapArea = (a, b) => {
    const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
    const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
    return w > 1.5 && h > 1.5 ? w * h : 0;
  };

  // An open modal: only what is inside it can be seen and touched.
  const modals = [...document.querySelectorAll('[role=dialog], [role=alertdialog], [aria-modal=true], dialog[open]')].filter(isShown);
  const scope = modals.length ? modals[modals.length - 1] : document.body;

  // ---- controls ----
  const CONTROL = 'button, a[href], input:not([type=hidden]), select, textarea, [role=tab], [role=button], summary';
  const controls = [];
  for (const el of scope.querySelectorAll(CONTROL)) {
    if (!isShown(el)) continue;
    // A control inside another control is part of it (a checkbox in a clickable label row).
    if (el.parentElement && el.parentElement.closest(CONTROL)) continue;
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) continue;
    // A checkbox or radio drawn inside its label text is one control with it.
    const rect = clipRect(el, r);
    if (rect) controls.push({ el, rect });
  }
  for (let i = 0; i < controls.length; i++) {
    for (let j = i + 1; j < controls.length; j++) {
      const a = controls[i], b = controls[j];
      if (a.el.contains(b.el) || b.el.contains(a.el)) continue;
      // A control inside a <label> with another (checkbox + its text) is fine.
      const la = a.el.closest('label'), lb = b.el.closest('label');
      if (la && la === lb) continue;
      if (overlapArea(a.rect, b.rect) > 0) problems.push(`overlap: ${describe(a.el)} and ${describe(b.el)}`);
    }
  }

  // ---- text: every visible text node, with its element ----
  const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
  const texts = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!n.textContent || !n.textContent.trim()) continue;
    const el = n.parentElement;
    if (!el || ['SCRIPT', 'STYLE', 'NOSCRIPT', 'OPTION', 'TITLE'].includes(el.tagName)) continue;
    if (!isShown(el)) continue;
    const range = document.createRange();
    range.selectNodeContents(n);
    const rects = [...range.getClientRects()].filter((r) => r.width > 0.5 && r.height > 0.5);
    const visible = rects.map((r) => clipRect(el, r)).filter(Boolean);
    if (!visible.length) continue;
    texts.push({ node: n, el, visible });
  }

  // text covered by a control that is not its own
  for (const t of texts) {
    const own = t.el.closest(CONTROL);
    for (const c of controls) {
      if (c.el === own || c.el.contains(t.el) || t.el.contains(c.el)) continue;
      // text the control sits in on purpose (a label wrapping its input)
      const label = c.el.closest('label');
      if (label && label.contains(t.el)) continue;
      if (t.visible.some((r) => overlapArea(r, c.rect) > 4)) {
        problems.push(`overlap: ${describe(c.el)} covers text ${describe(t.el)}`);
        break;
      }
    }
  }

  // clipped or spilling text: judged on each element that holds text directly, and on each control
  const boxes = new Set(texts.map((t) => t.el));
  for (const c of controls) boxes.add(c.el);
  const reported = new Set();
  for (const el of boxes) {
    // the nearest box that lays the text out (inline elements have no box of their own)
    let box = el;
    while (box && styleOf(box).display.startsWith('inline') && !['inline-block', 'inline-flex', 'inline-grid'].includes(styleOf(box).display)) box = box.parentElement;
    if (!box || reported.has(box) || ['INPUT', 'SELECT', 'TEXTAREA', 'BODY', 'HTML'].includes(box.tagName)) continue;
    const s = styleOf(box);
    const clips = s.overflowX !== 'visible' || s.textOverflow === 'ellipsis';
    const clipsY = s.overflowY !== 'visible' || s.webkitLineClamp !== 'none';
    const scrolls = s.overflowX === 'auto' || s.overflowX === 'scroll';
    const wide = box.scrollWidth - box.clientWidth > 1;
    // a glyph's ascent past a tight line-height is not a cut line: a clipped line is most of a line
    const tall = box.scrollHeight - box.clientHeight > Math.max(2, 0.3 * parseFloat(s.fontSize));
    if (wide && clips && !scrolls && box.clientWidth > 0) {
      reported.add(box);
      problems.push(`cut: ${describe(box)} (${box.scrollWidth} px of text in ${box.clientWidth} px)`);
    } else if (tall && clipsY && !(s.overflowY === 'auto' || s.overflowY === 'scroll') && box.clientHeight > 0 && [...box.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) {
      reported.add(box);
      problems.push(`cut: ${describe(box)} (${box.scrollHeight} px of text in ${box.clientHeight} px high)`);
    }
  }
  // text spilling out of its element's box (overflow visible): measured with the text's own rects
  for (const t of texts) {
    let box = t.el;
    while (box && styleOf(box).display.startsWith('inline') && !['inline-block', 'inline-flex', 'inline-grid'].includes(styleOf(box).display)) box = box.parentElement;
    if (!box || reported.has(box) || box === document.body) continue;
    const b = box.getBoundingClientRect();
    const range = document.createRange();
    range.selectNodeContents(t.node);
    const spill = [...range.getClientRects()].some((r) => r.width > 0.5 && (r.right > b.right + 2 || r.left < b.left - 2));
    if (spill) {
      reported.add(box);
      problems.push(`cut: text spills out of ${describe(box)}`);
    }
  }
  // text cut by a box that hides what overflows (a tile with overflow: hidden): some of its glyphs unseen.
  // A scrolling box (auto/scroll) lets a person scroll to it; a marquee (role=marquee) moves on purpose.
  for (const t of texts) {
    if (reported.has(t.el) || t.el.closest('[role=marquee]')) continue;
    const range = document.createRange();
    range.selectNodeContents(t.node);
    for (const r of range.getClientRects()) {
      if (r.width < 1 || r.height < 1) continue;
      let x1 = r.left, y1 = r.top, x2 = r.right, y2 = r.bottom, by = null;
      for (let e = t.el.parentElement; e && e !== document.documentElement; e = e.parentElement) {
        const s = styleOf(e);
        const hides = (v) => v === 'hidden' || v === 'clip';
        if (!hides(s.overflowX) && !hides(s.overflowY)) continue;
        const c = e.getBoundingClientRect();
        const before = (x2 - x1) * (y2 - y1);
        if (hides(s.overflowX)) { x1 = Math.max(x1, c.left); x2 = Math.min(x2, c.right); }
        if (hides(s.overflowY)) { y1 = Math.max(y1, c.top); y2 = Math.min(y2, c.bottom); }
        if ((Math.max(0, x2 - x1) * Math.max(0, y2 - y1)) < before - 1) by = by || e;
      }
      const shown = Math.max(0, x2 - x1) * Math.max(0, y2 - y1);
      // a few px of a line's leading may go; a third of the glyphs may not
      if (by && shown < r.width * r.height * 0.75) {
        reported.add(t.el);
        problems.push(`cut: ${describe(t.el)} is cut by ${describe(by)}`);
        break;
      }
    }
  }
  const root = document.scrollingElement || document.documentElement;
  if (root.scrollWidth > vw + 1) problems.push(`cut: the page is ${root.scrollWidth} px wide on a ${vw} px screen`);

  // ---- labels broken inside a word ----
  const isLatin = (ch) => /[A-Za-z]/.test(ch);
  for (const t of texts) {
    const text = t.node.textContent;
    const inControl = !!t.el.closest(CONTROL) || t.el.matches('[role=status], label, th');
    const leaf = t.el.children.length === 0;
    // a label of a few characters ("实时总览", "退出", "第 1 / 3 页", "今日余 117 号"): one line, or whole words a line
    const short = text.replace(/\s/g, '').length <= 8 && (inControl || leaf) && !t.el.closest('td');
    // the line each character sits on
    const range = document.createRange();
    let lastTop = null, lastIdx = -1, lastH = 0;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (/\s/.test(ch)) continue;
      range.setStart(t.node, i);
      range.setEnd(t.node, i + 1);
      const r = range.getClientRects()[0];
      if (!r || r.width === 0) continue;
      if (lastTop !== null && r.top > lastTop + Math.max(4, lastH / 2)) {
        const between = text.slice(lastIdx + 1, i);
        const atSpace = /\s/.test(between);
        const prev = text[lastIdx];
        let bad = false;
        if (!atSpace) {
          // no space at the break: fine in running Chinese text, never inside a Latin word or a short label
          bad = short || (isLatin(prev) && isLatin(ch));
        } else if (short) {
          // a short label may break only between words of two or more characters ("Next page", not "第 1 / 3 页")
          const before = text.slice(0, lastIdx + 1).trim().split(/\s+/).pop() || '';
          const after = text.slice(i).trim().split(/\s+/)[0] || '';
          bad = before.length < 2 || after.length < 2;
        }
        if (bad) {
          problems.push(`mid-word: ${describe(t.el)} breaks "${text.slice(Math.max(0, lastIdx - 4), lastIdx + 1)}|${text.slice(i, i + 5)}"`);
          break;
        }
      }
      lastTop = r.top;
      lastH = r.height;
      lastIdx = i;
    }
  }

  // ---- the smallest text ----
  let smallest = Infinity, smallestEl = null;
  for (const t of texts) {
    const px = parseFloat(styleOf(t.el).fontSize);
    if (px < smallest) {
      smallest = px;
      smallestEl = t.el;
    }
  }
  if (minFontPx && smallest < minFontPx - 0.01) problems.push(`small text: ${describe(smallestEl)} is ${smallest.toFixed(1)} px (at least ${minFontPx.toFixed(1)} px)`);

  return { problems: [...new Set(problems)], smallestFontPx: smallest, controls: controls.length, texts: texts.length };
})
