"""The stylesheet of a journey map (scoped to ``.routes-*`` classes, so it embeds)."""

from routes.render import style

MAP_CSS = f"""
.routes-page{{position:absolute;top:0;right:0;bottom:0;left:0;display:flex;flex-direction:column;
font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:{style.INK};background:{style.SEA}}}
.routes-header{{flex:0 0 auto;padding:8px 14px 7px;background:#fff;border-bottom:1px solid #d3d8de}}
.routes-header h1{{margin:0;font-size:18px;line-height:1.25;font-weight:700}}
.routes-sub{{margin:2px 0 0;font-size:12.5px;color:#4a5563}}
.routes-body{{position:relative;flex:1 1 auto;min-height:0}}
.routes-map{{position:absolute;top:0;right:0;bottom:0;left:0;z-index:0}}
.routes-map.leaflet-container{{background:{style.SEA};font:inherit;font-size:13px}}
.routes-panel{{position:absolute;top:10px;left:10px;z-index:1;width:272px;max-width:calc(100% - 70px);
max-height:calc(100% - 56px);overflow:auto;background:rgba(255,255,255,.97);border-radius:8px;
box-shadow:0 1px 5px rgba(0,0,0,.3)}}
.routes-panel summary{{cursor:pointer;padding:8px 12px;list-style-position:inside}}
.routes-panel summary h2{{display:inline;margin:0;font-size:15px}}
.routes-total{{margin:0 12px 6px;font-size:12px;color:#4a5563}}
.routes-itin{{list-style:none;margin:0;padding:0 6px 8px}}
.routes-itin li{{padding:3px 0;border-top:1px solid #eceff2}}
.routes-itin li:first-child{{border-top:0}}
.routes-leg-in{{display:flex;align-items:center;gap:6px;margin:0 6px 2px 38px;font-size:12px;color:#4a5563}}
.routes-goto{{display:flex;align-items:center;gap:8px;width:100%;padding:4px 6px;border:0;border-radius:6px;
background:none;font:inherit;color:inherit;text-align:left;cursor:pointer}}
.routes-goto:hover{{background:#eef3f7}}
.routes-goto:focus-visible,.routes-panel summary:focus-visible,.routes-marker:focus-visible{{outline:3px solid #0077BB;outline-offset:2px}}
.routes-stop-name{{font-weight:600}}
.routes-stop-meta{{display:block;font-size:12px;color:#4a5563;font-weight:400}}
.routes-num{{display:flex;flex:0 0 auto;align-items:center;justify-content:center;box-sizing:border-box;
width:26px;height:26px;border-radius:50%;background:{style.MARKER};color:#fff;border:2px solid #fff;
font:700 13px/1 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;box-shadow:0 1px 3px rgba(0,0,0,.5)}}
.is-inferred .routes-num,.routes-num.is-inferred{{background:{style.MARKER_INFERRED};font-style:italic}}
.is-planned .routes-num,.routes-num.is-planned{{background:#fff;color:{style.MARKER};border:2px dashed {style.MARKER}}}
.routes-marker{{background:none;border:0}}
.routes-moved::before{{content:"";position:absolute;left:50%;top:50%;width:var(--routes-leader);height:2px;
background:#1f2933;transform-origin:0 50%;transform:rotate(var(--routes-leader-angle));z-index:-1}}
.routes-legend{{position:absolute;right:10px;bottom:26px;z-index:1;max-width:45%;padding:6px 10px;
background:rgba(255,255,255,.95);border-radius:6px;box-shadow:0 1px 4px rgba(0,0,0,.3);font-size:12px}}
.routes-legend summary{{cursor:pointer;list-style-position:inside}}
.routes-legend summary:focus-visible{{outline:3px solid #0077BB;outline-offset:2px}}
.routes-legend h2{{display:inline;margin:0 0 3px;font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:#4a5563}}
.routes-legend ul{{list-style:none;margin:3px 0 0;padding:0}}
.routes-legend li{{display:flex;align-items:center;gap:7px;margin:2px 0}}
.routes-legend .routes-num{{width:20px;height:20px;font-size:11px}}
.routes-country{{color:#4a5563;font-weight:400}}
.routes-label{{position:absolute;left:0;top:0;white-space:nowrap;max-width:180px;overflow:hidden;text-overflow:ellipsis;
font:600 12px/16px system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:{style.INK};pointer-events:none;
text-shadow:0 0 2px #fff,0 0 2px #fff,0 0 3px #fff,0 0 4px #fff}}
.routes-label.is-hidden{{visibility:hidden}}
.routes-hide-header .routes-header,.routes-hide-legend .routes-legend,.routes-hide-panel .routes-panel{{display:none}}
.routes-steps{{display:flex;align-items:center;gap:4px;padding:4px 6px;background:rgba(255,255,255,.95);border-radius:6px;
box-shadow:0 1px 4px rgba(0,0,0,.3);font-size:12px}}
.routes-steps button{{min-width:30px;height:28px;border:1px solid #9aa5b1;border-radius:5px;background:#fff;color:{style.INK};
font:inherit;font-weight:600;cursor:pointer}}
.routes-steps button:focus-visible{{outline:3px solid #0077BB;outline-offset:1px}}
.routes-steps output{{min-width:7em;padding:0 4px}}
.routes-step-later{{opacity:.15}}
.routes-popup h3{{margin:0 0 2px;font-size:15px}}
.routes-popup .routes-meta{{margin:0 0 4px;font-size:12px;color:#4a5563}}
.routes-quote{{margin:6px 0 0}}
.routes-quote blockquote{{margin:0;padding-left:8px;border-left:3px solid #c9d1d9;font-style:italic}}
.routes-quote figcaption{{font-size:11.5px;color:#4a5563;padding-left:11px}}
@media (max-width:560px){{
.routes-header{{padding:6px 10px 5px}}
.routes-header h1{{font-size:16px}}
.routes-legend{{max-width:calc(100% - 40px);bottom:30px}}
.routes-map .leaflet-control-attribution{{font-size:10px;line-height:1.3}}
}}
@media (prefers-reduced-motion:no-preference){{
.routes-animate path.routes-leg:not(.is-planned):not(.is-inferred){{stroke-dasharray:1;stroke-dashoffset:1;
animation:routes-draw 1.4s ease-in-out var(--routes-delay,0s) forwards}}
}}
@keyframes routes-draw{{to{{stroke-dashoffset:0}}}}
@media print{{
@page{{margin:12mm}}
.routes-page{{position:static;display:block;background:#fff}}
.routes-header{{border:0;padding:0 0 6px}}
.routes-body{{position:relative;height:150mm;break-inside:avoid;border:1px solid #c9d1d9}}
.routes-map.leaflet-container{{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
.routes-map .leaflet-control-zoom,.routes-map .leaflet-control-layers,.routes-steps{{display:none}}
.routes-panel summary{{list-style:none;padding:0 0 4px}}
.routes-legend{{display:block;box-shadow:none;border:1px solid #c9d1d9;-webkit-print-color-adjust:exact;print-color-adjust:exact}}
.routes-legend summary{{display:block;list-style:none}}
.routes-panel{{position:static;display:block;width:auto;max-width:none;max-height:none;overflow:visible;box-shadow:none;
background:none;margin-top:8px}}
.routes-itin{{columns:2;padding:0}}
.routes-itin li{{break-inside:avoid}}
.routes-goto{{padding:2px 0}}
.routes-num{{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
}}
"""
