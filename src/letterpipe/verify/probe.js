// The browser check's probe: what a reader sees of each signatory name (see browser.py).
// Called with the vertical scroll offset of the window to read, and the indices of the names to
// read in full wherever they are (null: all of them); other names are read in full only when the
// window shows them whole, else only their text and boxes (a long list spans many windows: reading
// every name in every window made the check quadratic). Returns plain JSON.
(async (offset, wanted) => {
  await document.fonts.ready;
  if (!document.getElementById('__letterpipe_probe')) {
    const style = document.createElement('style');
    style.id = '__letterpipe_probe';
    style.textContent = '*, *::before, *::after { pointer-events: auto !important; cursor: auto !important; }';
    document.documentElement.appendChild(style);
  }
  window.scrollTo(0, offset);
  const sy = window.scrollY, sx = window.scrollX;
  const root = document.documentElement;
  const pageWidth = root.clientWidth, pageHeight = Math.max(root.scrollHeight, document.body ? document.body.scrollHeight : 0);
  const viewHeight = window.innerHeight;
  const rgba = (text) => {
    const m = /rgba?\(([^)]*)\)/.exec(text || '');
    if (!m) return null;
    const p = m[1].split(/[ ,\/]+/).filter(Boolean).map(parseFloat);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const label = (node) => node.tagName.toLowerCase() + (node.id ? '#' + node.id : '') +
    (node.classList.length ? '.' + [...node.classList].join('.') : '');
  const out = [];
  const names = [...document.querySelectorAll('.signatories .name')];
  const full = wanted === null || wanted === undefined ? null : new Set(wanted);
  for (const [index, el] of names.entries()) {
    const item = {text: el.textContent, problems: [], rects: [], opacity: 1, color: null, backgrounds: [],
                  imageBehind: false, fontSize: 0, inWindow: true, partial: false};
    const range = document.createRange();
    range.selectNodeContents(el);
    const rects = [...range.getClientRects()].filter((r) => r.width > 0.5 && r.height > 0.5);
    item.rects = rects.map((r) => [r.left, r.top, r.right, r.bottom]);
    if (full && !full.has(index) && rects.length && rects.some((r) => r.top < 0 || r.bottom > viewHeight)) {
      item.inWindow = false;
      item.partial = true;
      out.push(item);
      continue;
    }
    if (!rects.length) item.problems.push('has no visible box (nothing is drawn)');
    for (const r of rects) {
      if (r.left + sx < -0.5 || r.right + sx > pageWidth + 0.5 || r.top + sy < -0.5 || r.bottom + sy > pageHeight + 0.5) {
        item.problems.push('is drawn outside the page');
        break;
      }
    }
    const cs = getComputedStyle(el);
    item.fontSize = parseFloat(cs.fontSize) || 0;
    item.color = rgba(cs.webkitTextFillColor) || rgba(cs.color);
    if (cs.visibility !== 'visible') item.problems.push('has visibility: ' + cs.visibility);
    if (cs.contentVisibility && cs.contentVisibility !== 'visible') item.problems.push('has content-visibility: ' + cs.contentVisibility);
    const spacing = parseFloat(cs.letterSpacing);
    if (!isNaN(spacing) && spacing < -0.1 * item.fontSize) item.problems.push('has its letters pushed together (letter-spacing: ' + cs.letterSpacing + ')');
    for (const pseudo of ['::first-line', '::first-letter']) {
      const ps = getComputedStyle(el, pseudo);
      for (const prop of ['color', 'webkitTextFillColor', 'fontSize', 'opacity', 'visibility', 'backgroundColor']) {
        if (ps[prop] !== cs[prop]) { item.problems.push('is restyled by ' + pseudo + ' (' + prop + ')'); break; }
      }
    }
    for (const pseudo of ['::before', '::after']) {
      const content = getComputedStyle(el, pseudo).content;
      if (content && content !== 'none' && content !== 'normal') item.problems.push('has generated content (' + pseudo + ')');
    }
    let opaqueFound = false;
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      const s = getComputedStyle(node);
      const where = node === el ? '' : ' on ' + label(node);
      item.opacity *= parseFloat(s.opacity);
      if (s.filter && s.filter !== 'none') {
        for (const f of s.filter.match(/[a-z-]+\([^)]*\)|url\([^)]*\)/g) || [s.filter]) {
          const m = /^opacity\(([\d.]+)(%?)\)$/.exec(f);
          if (m) item.opacity *= parseFloat(m[1]) / (m[2] ? 100 : 1);
          else item.problems.push('is drawn through filter: ' + f + where);
        }
      }
      if (s.clipPath && s.clipPath !== 'none') item.problems.push('is cut by clip-path: ' + s.clipPath + where);
      if (s.clip && s.clip !== 'auto' && (s.position === 'absolute' || s.position === 'fixed'))
        item.problems.push('is cut by clip: ' + s.clip + where);
      const mask = s.maskImage || s.webkitMaskImage;
      if (mask && mask !== 'none') item.problems.push('is masked (mask-image)' + where);
      if (s.mixBlendMode && s.mixBlendMode !== 'normal') item.problems.push('is blended (mix-blend-mode: ' + s.mixBlendMode + ')' + where);
      if (s.transform && s.transform !== 'none') {
        const m = /^matrix\(([^)]*)\)$/.exec(s.transform);
        const v = m ? m[1].split(',').map(parseFloat) : null;
        if (!v || v[0] <= 0 || v[3] <= 0 || Math.abs(v[1]) > 1e-6 || Math.abs(v[2]) > 1e-6)
          item.problems.push('is mirrored, rotated or skewed (transform: ' + s.transform + ')' + where);
      }
      if (/override/.test(s.unicodeBidi)) item.problems.push('is shown back to front (unicode-bidi: ' + s.unicodeBidi + ')' + where);
      if (s.overflowX !== 'visible' || s.overflowY !== 'visible') {
        const b = node.getBoundingClientRect();
        const left = b.left + node.clientLeft, top = b.top + node.clientTop;
        const right = left + node.clientWidth, bottom = top + node.clientHeight;
        for (const r of rects) {
          if (r.left < left - 1 || r.right > right + 1 || r.top < top - 1 || r.bottom > bottom + 1) {
            item.problems.push('is cut off by overflow: ' + s.overflowX + ' ' + s.overflowY + where);
            break;
          }
        }
      }
      if (!opaqueFound) {
        if (s.backgroundImage && s.backgroundImage !== 'none') item.imageBehind = true;
        const bg = rgba(s.backgroundColor);
        if (bg && bg[3] > 0) {
          item.backgrounds.push(bg);
          if (bg[3] >= 1) opaqueFound = true;
        }
      }
    }
    if (!opaqueFound) item.backgrounds.push([255, 255, 255, 1]);
    for (const r of rects) {
      if (r.top < 0 || r.bottom > viewHeight) { item.inWindow = false; continue; }
      for (const k of [0.1, 0.3, 0.5, 0.7, 0.9]) {
        const x = r.left + k * r.width, y = r.top + r.height / 2;
        if (x < 0 || x >= window.innerWidth) continue;
        const hit = document.elementFromPoint(x, y);
        if (!hit || !(hit === el || el.contains(hit))) {
          item.problems.push('is covered by ' + (hit ? label(hit) : 'nothing drawable'));
          break;
        }
      }
    }
    out.push(item);
  }
  // Anything that can change the page after this look: scripts, frames, timed refreshes, animations.
  const page = [];
  const active = document.querySelectorAll('script, iframe, frame, object, embed, meta[http-equiv="refresh" i]');
  if (active.length) page.push('the page holds ' + [...new Set([...active].map((n) => n.tagName.toLowerCase()))].join(', ') +
    ': it could change what readers see after this check');
  const handlers = [...document.querySelectorAll('*')].filter((n) => [...n.attributes].some((a) => /^on/i.test(a.name)));
  if (handlers.length) page.push('the page has event handlers (on... attributes) on ' + handlers.length + ' element(s)');
  const moving = document.getAnimations ? document.getAnimations().length : 0;
  if (moving) page.push('the page runs ' + moving + ' CSS animation(s) or transition(s): a name could fade after this check');
  // Every media condition of the page's style sheets: the views to check are chosen from them.
  const media = [];
  const walk = (rules) => {
    for (const rule of rules || []) {
      if (rule.media && rule.media.mediaText) media.push(rule.media.mediaText);
      if (rule.conditionText !== undefined && rule.constructor.name === 'CSSContainerRule') media.push(rule.conditionText);
      if (rule.styleSheet) { try { walk(rule.styleSheet.cssRules); } catch (e) { page.push('a style sheet could not be read'); } }
      if (rule.cssRules) walk(rule.cssRules);
    }
  };
  for (const sheet of document.styleSheets) {
    if (sheet.media && sheet.media.mediaText) media.push(sheet.media.mediaText);
    try { walk(sheet.cssRules); } catch (e) { page.push('a style sheet could not be read'); }
  }
  return {names: out, pageHeight, viewHeight, scroll: sy, page, media};
})
