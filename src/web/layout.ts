import { html, SafeHtml } from './html.ts';
import { messagesOf, pageHref, switchLangHref, type PageContext } from './context.ts';

/** The whole stylesheet: system fonts, one accent colour, readable on a phone; no framework, no JavaScript. */
const STYLE = `
:root{--ink:#1a2230;--muted:#555f70;--line:#dce1e7;--accent:#0b6e4f;--accent-dark:#07543c;--soft:#e6f2ec;--bg:#f7f7f3;--card:#fff;--focus:#b35900}
*{box-sizing:border-box}html{-webkit-text-size-adjust:100%}
body{margin:0;font:1rem/1.6 "Noto Sans","Segoe UI",Roboto,system-ui,-apple-system,sans-serif;color:var(--ink);background:var(--bg)}
.wrap{max-width:62rem;margin:0 auto;padding:0 1rem}
a{color:var(--accent);text-underline-offset:.15em}a:hover{color:var(--accent-dark)}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px;border-radius:2px}.site-head :focus-visible{outline-color:#fff}main:focus{outline:none}
.skip{position:absolute;left:-100vw}.skip:focus{left:1rem;top:.5rem;background:#fff;padding:.5rem 1rem;z-index:1}
.site-head{background:var(--accent);color:#fff}.site-head .wrap{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:.5rem 1rem;padding-block:.75rem}
.site-head a{color:#fff}.brand{text-decoration:none;font-weight:700;font-size:1.08rem;line-height:1.3}.brand small{display:block;font-weight:400;font-size:.8rem;opacity:.92}
.lang{border:1px solid rgba(255,255,255,.7);border-radius:2rem;padding:.2rem .8rem;text-decoration:none;font-size:.92rem}.lang:hover{background:#fff;color:var(--accent)}
h1{font-size:clamp(1.45rem,4.5vw,2.05rem);line-height:1.2;letter-spacing:-.01em;margin:1.4rem 0 .6rem}
h2{font-size:1.3rem;line-height:1.3;margin:2.4rem 0 .7rem}h3{font-size:1.05rem;margin:1.4rem 0 .5rem}
p{margin:.5rem 0}.lead{font-size:1.07rem;max-width:46rem}.muted{color:var(--muted)}small{font-size:.86rem}
.crumbs{font-size:.9rem;margin-top:1rem}.crumbs ol{list-style:none;padding:0;margin:0;display:flex;flex-wrap:wrap;gap:.4rem}.crumbs li+li::before{content:"›";margin-right:.4rem;color:var(--muted)}
.search{background:var(--card);border:1px solid var(--line);border-radius:.7rem;padding:1rem;display:grid;gap:.8rem;margin:1.2rem 0}
@media(min-width:44rem){.search{grid-template-columns:1fr 1fr;align-items:end}.search>div:first-child{grid-column:1/-1}}@media(min-width:60rem){.search{grid-template-columns:repeat(3,minmax(0,1fr))}.search>div:first-child{grid-column:1/-1}}.search.rows{grid-template-columns:1fr 1fr}.search .hint{grid-column:1/-1;margin:0}
label{display:block;font-weight:600;font-size:.92rem;margin-bottom:.25rem}.hint{font-size:.82rem;color:var(--muted);margin:.25rem 0 0}
input,select,button{font:inherit;width:100%;min-height:2.75rem;padding:.5rem .7rem;border:1px solid #7d8796;border-radius:.45rem;background:#fff;color:var(--ink)}
button,.button{background:var(--accent);color:#fff;border:1px solid var(--accent);font-weight:600;cursor:pointer}
.button{display:inline-block;padding:.5rem 1rem;border-radius:.45rem;text-decoration:none;color:#fff}.button:hover,button:hover{background:var(--accent-dark);color:#fff}
.card{background:var(--card);border:1px solid var(--line);border-radius:.7rem;padding:1rem 1.15rem;margin:.9rem 0}
.card h3{font-size:1.15rem;margin:0 0 .35rem;line-height:1.35}.card p{margin:.3rem 0}
.tags{display:flex;flex-wrap:wrap;gap:.35rem;list-style:none;padding:0;margin:.5rem 0}
.tags a,.tags span{display:inline-block;background:var(--soft);color:var(--accent-dark);border-radius:1rem;padding:.05rem .65rem;font-size:.85rem;text-decoration:none}
.meta{display:flex;flex-wrap:wrap;gap:.15rem 1.1rem;list-style:none;padding:0;margin:.5rem 0 0;color:var(--muted);font-size:.9rem}
.toc{display:flex;flex-wrap:wrap;gap:.3rem 1rem;list-style:none;padding:.6rem 0;margin:1rem 0;border-block:1px solid var(--line);font-size:.93rem}
table{border-collapse:collapse;width:100%;font-size:.93rem;font-variant-numeric:tabular-nums}
th,td{text-align:left;border-bottom:1px solid var(--line);padding:.45rem .6rem;vertical-align:top}th{font-size:.84rem;color:var(--muted);font-weight:600;background:#fafbf9}
caption{text-align:left;font-size:.88rem;color:var(--muted);padding:.4rem .6rem}
td code{overflow-wrap:normal;white-space:nowrap}.box{background:var(--card);border:1px solid var(--line);border-radius:.6rem;margin:.6rem 0}
@media(max-width:44rem){.stack thead{position:absolute;left:-100vw}.stack tr{display:block;padding:.5rem .7rem;border-bottom:1px solid var(--line)}.stack td{display:block;border:0;padding:.1rem 0}.stack td:nth-child(2){color:var(--muted);font-size:.88rem}}
.scroll{overflow-x:auto;background:var(--card);border:1px solid var(--line);border-radius:.6rem;margin:.6rem 0}.scroll td{white-space:nowrap}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.87em}code{background:#edf0f2;padding:.05rem .3rem;border-radius:.25rem;overflow-wrap:anywhere}
pre{background:#1e2532;color:#eef1f5;padding:.8rem 1rem;border-radius:.6rem;overflow-x:auto;line-height:1.5;margin:.4rem 0 1rem}pre code{background:none;padding:0;color:inherit}
.copy{user-select:all;-webkit-user-select:all}.nowrap,.nowrap code{white-space:nowrap;overflow-wrap:normal}
.cite{background:var(--card);border:1px solid var(--line);border-left:4px solid var(--accent);border-radius:.3rem;padding:.8rem 1rem;margin:.6rem 0;overflow-wrap:anywhere}
.files{list-style:none;padding:0;margin:.8rem 0;display:grid;gap:.8rem}@media(min-width:44rem){.files{grid-template-columns:1fr 1fr}}
.file{background:var(--card);border:1px solid var(--line);border-radius:.7rem;padding:.9rem 1rem}.file h4{margin:0 0 .15rem;font-size:1rem}
.file dl{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.2rem .7rem;margin:.7rem 0 0;font-size:.86rem}details.dev{margin:.8rem 0}details.dev summary{cursor:pointer;font-weight:600}form.rows{margin:.4rem 0 1.2rem}dt{color:var(--muted)}dd{margin:0}
.facts{display:grid;grid-template-columns:minmax(0,1fr);margin:0;background:var(--card);border:1px solid var(--line);border-radius:.7rem;padding:.3rem 1rem}
.facts dt{color:var(--ink);font-weight:600;padding-top:.6rem}.facts dd{padding:.1rem 0 .6rem;border-bottom:1px solid var(--line)}.facts dd:last-child{border:0}
@media(min-width:44rem){.facts{grid-template-columns:13rem minmax(0,1fr)}.facts dt,.facts dd{padding:.6rem 0;border-bottom:1px solid var(--line)}.facts dt:nth-last-of-type(1){border:0}}
.note{border-left:4px solid #b7791f;background:#fff7e3;padding:.7rem 1rem;border-radius:.3rem;margin:1rem 0}
.spark{display:block;margin-top:.5rem}.chart{background:var(--card);border:1px solid var(--line);border-radius:.7rem;padding:.8rem 1rem;margin:1rem 0}.chart svg{display:block;max-width:100%;height:auto;margin:.6rem 0}.chart details{font-size:.9rem}
.pager{display:flex;flex-wrap:wrap;gap:1rem;align-items:center;justify-content:center;margin:1.5rem 0}
.site-foot{margin-top:3.5rem;border-top:1px solid var(--line);color:var(--muted);font-size:.9rem;padding-block:1.2rem 2rem}
`;

export interface PageParts {
  title: string;
  description?: string;
  body: SafeHtml;
  /** Extra elements for `<head>` (the JSON-LD of a dataset page). */
  head?: SafeHtml;
}

/** The page frame: landmarks, skip link, language switch, one small stylesheet. */
export function layout(ctx: PageContext, { title, description, body, head }: PageParts): string {
  const t = messagesOf(ctx);
  const other = t.otherLanguage;
  const alternate = (lang: 'vi' | 'en') => {
    const { lang: _ignored, ...query } = ctx.query;
    return pageHref(ctx, ctx.path, query, lang);
  };
  return html`<!doctype html>
<html lang="${ctx.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · ${t.siteName}</title>
${description ? html`<meta name="description" content="${description}">` : ''}
<link rel="alternate" hreflang="vi" href="${alternate('vi')}">
<link rel="alternate" hreflang="en" href="${alternate('en')}">
<link rel="alternate" type="application/atom+xml" title="${t.feedTitle}" href="${ctx.base}/feed.atom">
<link rel="icon" type="image/svg+xml" href="${ctx.base}/favicon.svg">
<meta property="og:type" content="website">
<meta property="og:site_name" content="${t.siteName}">
<meta property="og:title" content="${title}">
${description ? html`<meta property="og:description" content="${description}">` : ''}
<meta property="og:url" content="${alternate(ctx.lang)}">
<meta property="og:locale" content="${ctx.lang === 'vi' ? 'vi_VN' : 'en_GB'}">
<style>${new SafeHtml(STYLE)}</style>
${head}
</head>
<body>
<a class="skip" href="#main">${t.skipToContent}</a>
<header class="site-head"><div class="wrap">
<a class="brand" href="${pageHref(ctx, '/')}">${t.siteName}<small>${t.siteTagline}</small></a>
<nav aria-label="${t.languageSwitchLabel}"><a class="lang" href="${switchLangHref(ctx)}" hreflang="${other.lang}" lang="${other.lang}">${other.label}</a></nav>
</div></header>
<main id="main" class="wrap" tabindex="-1">
${body}
</main>
<footer class="site-foot"><div class="wrap">
<p>${t.footerDecree}</p>
<p>${t.footerApi}: <a href="${ctx.base}/api/datasets">/api/datasets</a> · <a href="${pageHref(ctx, '/api')}">${t.apiTitle}</a></p>
</div></footer>
</body>
</html>`.value;
}
