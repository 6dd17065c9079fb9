import { html, SafeHtml } from './html.ts';

const STYLE = `
:root{--ink:#1d2433;--muted:#5b6475;--line:#dfe3ea;--accent:#0b6e4f;--bg:#fbfbf8}
*{box-sizing:border-box}body{margin:0;font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:var(--ink);background:var(--bg)}
header,main,footer{max-width:60rem;margin:0 auto;padding:1rem 1.25rem}
header{border-bottom:1px solid var(--line)}header a{color:inherit;text-decoration:none;font-weight:650}
h1{font-size:1.6rem;line-height:1.25;margin:.5rem 0}h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
.en{color:var(--muted);font-size:.92em}.muted{color:var(--muted)}
.card{background:#fff;border:1px solid var(--line);border-radius:.6rem;padding:1rem 1.1rem;margin:1rem 0}
.tags{display:flex;flex-wrap:wrap;gap:.4rem;padding:0;list-style:none;margin:.4rem 0}.tags li{background:#eef5f1;color:var(--accent);border-radius:1rem;padding:.1rem .6rem;font-size:.85rem}
a{color:var(--accent)}a.button{display:inline-block;border:1px solid var(--accent);border-radius:.4rem;padding:.3rem .7rem;margin:.2rem .4rem .2rem 0;text-decoration:none}
a.button:hover,a.button:focus{background:var(--accent);color:#fff}
table{border-collapse:collapse;width:100%;font-size:.95rem}th,td{text-align:left;border-bottom:1px solid var(--line);padding:.4rem .5rem;vertical-align:top}
code{font-size:.9em;background:#f1f2f4;padding:.05rem .3rem;border-radius:.25rem;word-break:break-all}
footer{color:var(--muted);font-size:.9rem;border-top:1px solid var(--line);margin-top:2rem}
`;

export function layout(title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Dữ liệu mở y tế</title>
<style>${new SafeHtml(STYLE)}</style>
</head>
<body>
<header><a href="/">Dữ liệu mở ngành y tế Việt Nam</a> <span class="en">· Viet Nam open health data</span></header>
<main>${body}</main>
<footer>
<p>Công bố theo Nghị định 102/2025/NĐ-CP: chỉ dữ liệu mở; dữ liệu cá nhân, bí mật kinh doanh, bí mật đời sống riêng tư và bí mật gia đình không bao giờ được công bố.</p>
<p class="en">Published under Decree 102/2025/ND-CP: open data only; personal data and business, private-life and family secrets are never published. Machine-readable catalog: <a href="/api/datasets">/api/datasets</a>.</p>
</footer>
</body>
</html>`.value;
}
