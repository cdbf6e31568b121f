// XSS payloads for the browser tests (xss-*.test.mjs), generated from a table: each vector
// below would call `__pwned()` (a trap the tests install on window) or open a dialog if a
// page ever parsed it as markup, ran it as script, followed it as a URL or evaluated it as a
// template. Every vector is combined with each breakout prefix (text, a closed attribute, a
// closed raw-text element), which is how a payload escapes the context it was put in.

/** [kind, vector]. */
const VECTORS = [
  // markup and event handlers
  ['markup', '<img src=x onerror=__pwned()>'],
  ['markup', '<img src="x" onerror="__pwned()">'],
  ['markup', '<IMG SRC=x OnErRoR=__pwned()>'],
  ['markup', '<script>__pwned()</script>'],
  ['markup', '<script src="data:text/javascript,__pwned()"></script>'],
  ['markup', '<iframe srcdoc="<script>parent.__pwned()</script>"></iframe>'],
  ['markup', '<iframe src="javascript:parent.__pwned()"></iframe>'],
  ['markup', '<body onload=__pwned()>'],
  ['markup', '<details open ontoggle=__pwned()>x</details>'],
  ['markup', '<input autofocus onfocus=__pwned()>'],
  ['markup', '<textarea autofocus onfocus=__pwned()></textarea>'],
  ['markup', '<video><source onerror=__pwned()></video>'],
  ['markup', '<audio src=x onerror=__pwned()></audio>'],
  ['markup', '<object data="javascript:__pwned()"></object>'],
  ['markup', '<embed src="javascript:__pwned()">'],
  ['markup', '<div onpointerover=__pwned() style="position:fixed;inset:0">x</div>'],
  ['markup', '<div onmouseover="__pwned()">hover</div>'],
  ['markup', '<p onclick=__pwned()>click</p>'],
  ['markup', '<marquee onstart=__pwned()>x</marquee>'],
  ['markup', '<link rel=stylesheet href=x onerror=__pwned()>'],
  ['markup', '<meta http-equiv="refresh" content="0;url=javascript:__pwned()">'],
  ['markup', '<base href="javascript:__pwned()//">'],
  ['markup', '<template><img src=x onerror=__pwned()></template>'],
  ['markup', '<noscript><p title="</noscript><img src=x onerror=__pwned()>">'],
  ['markup', '<!--><img src=x onerror=__pwned()>-->'],
  ['markup', '<img src=x onerror=alert(1)>'],
  ['markup', '<img/src/onerror=__pwned()>'],
  ['markup', '<img src=x:y onerror=&#95;&#95;pwned()>'],
  ['markup', '<form><button formaction="javascript:__pwned()">go</button></form>'],
  ['markup', '<select autofocus onfocus=__pwned()></select>'],
  // javascript: and data: URLs
  ['url', 'javascript:__pwned()'],
  ['url', '<a href="javascript:__pwned()">link</a>'],
  ['url', '<a href="JaVaScRiPt:__pwned()">link</a>'],
  ['url', '<a href="java&#x09;script:__pwned()">link</a>'],
  ['url', '<a href="&#106;avascript:__pwned()">link</a>'],
  ['url', '<a href=" javascript:__pwned()">link</a>'],
  ['url', 'data:text/html,<script>__pwned()</script>'],
  ['url', '<a href="data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX19wd25lZCgpPC9zY3JpcHQ+">x</a>'],
  ['url', 'vbscript:__pwned()'],
  ['url', '<math><a xlink:href="javascript:__pwned()">x</a></math>'],
  // SVG
  ['svg', '<svg onload=__pwned()>'],
  ['svg', '<svg><script>__pwned()</script></svg>'],
  ['svg', '<svg><animate onbegin=__pwned() attributeName=x dur=1s>'],
  ['svg', '<svg><set onbegin=__pwned() attributeName=x to=1>'],
  ['svg', '<svg><foreignObject><img src=x onerror=__pwned()></foreignObject></svg>'],
  ['svg', '<svg><a href="javascript:__pwned()"><text y=20>x</text></a></svg>'],
  ['svg', '<svg><image href=x onerror=__pwned()></svg>'],
  ['svg', '<svg><style>@import "javascript:__pwned()";</style></svg>'],
  // CSS injection
  ['css', '<style>*{background:url("javascript:__pwned()")}</style>'],
  ['css', '</style><img src=x onerror=__pwned()>'],
  ['css', '<div style="background-image:url(javascript:__pwned())">x</div>'],
  ['css', '<div style="width:expression(__pwned())">x</div>'],
  ['css', '::highlight(hashiya-word){background:url(javascript:__pwned())}'],
  ['css', '}body{background:url(x)}@import "javascript:__pwned()";'],
  ['css', '<style>@keyframes k{}</style><div style="animation:k 1s" onanimationstart=__pwned()>x</div>'],
  // template syntax
  ['template', '{{constructor.constructor("__pwned()")()}}'],
  ['template', '{{__pwned()}}'],
  ['template', '${__pwned()}'],
  ['template', '`${__pwned()}`'],
  ['template', '<%= __pwned() %>'],
  ['template', '#{__pwned()}'],
  ['template', '[[${__pwned()}]]'],
  // bidi overrides around markup (what a reader sees differs from what it is)
  ['bidi', '\u202E<img src=x onerror=__pwned()>\u202C'],
  ['bidi', '\u2066<svg onload=__pwned()>\u2069'],
  ['bidi', 'قال\u202E ()denwp__=rorreno x=crs gmi< \u202Cالوزير'],
  ['bidi', '\u200F<script>__pwned()</script>\u200E'],
];

/** Prefixes a payload uses to leave the context it sits in (text, attribute, raw text). */
const BREAKOUTS = ['', '"\'>', '</textarea></style></title></script>'];

/** Every payload: `{ kind, payload }`, at least 150. */
export const PAYLOADS = VECTORS.flatMap(([kind, vector]) => BREAKOUTS.map((b) => ({ kind, payload: b + vector })));

/**
 * Installs the trap before any page script: `window.__pwned()` records a call, and so do
 * alert/confirm/prompt. Pass to `page.addInitScript`.
 */
export function installTrap() {
  window.__pwnedCalls = [];
  const trap = (how) => (...args) => {
    window.__pwnedCalls.push(`${how}(${args.join(',')})`);
  };
  Object.defineProperty(window, '__pwned', { value: trap('__pwned'), configurable: false, writable: false });
  window.alert = trap('alert');
  window.confirm = trap('confirm');
  window.prompt = trap('prompt');
}

/**
 * `count` Arabic words the glossary accepts (4+ letters, no article), distinct from one
 * another and from the lexicon's common words: a fixed stem and two letters that count.
 */
export function arabicWords(count) {
  const letters = 'بتثجحخدذرزسشصضطظعغفقكمنهي';
  const out = [];
  for (let i = 0; out.length < count; i++) {
    out.push(`زخرف${letters[Math.floor(i / letters.length) % letters.length]}${letters[i % letters.length]}`);
  }
  return out;
}
