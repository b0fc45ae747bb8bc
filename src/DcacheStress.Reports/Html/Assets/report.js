// SPDX-License-Identifier: GPL-2.0-only
// report.html charts. Reads the inline JSON (#report-data), draws every chart with the inlined
// Chart.js, then appends a hidden #render-ok element so that a headless check can tell a page whose
// scripts all ran from one that failed half-way (a script error shows #render-error instead).
// Data never goes through innerHTML: names reach the page as textContent or canvas text only.
(function () {
  'use strict';

  var data = null;
  var rootStyle = getComputedStyle(document.documentElement);
  var drawn = 0;

  function color(i) {
    return rootStyle.getPropertyValue('--p' + (i % 10)).trim() || '#4e79a7';
  }

  function alpha(hex, a) {
    var m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
    if (!m) { return hex; }
    return 'rgba(' + parseInt(m[1], 16) + ',' + parseInt(m[2], 16) + ',' + parseInt(m[3], 16) + ',' + a + ')';
  }

  // Axis tick label with a k/M/G suffix and just enough decimals to tell neighbouring ticks apart.
  function compact(v, index, ticks) {
    var a = Math.max.apply(null, (ticks || [{ value: v }]).map(function (t) { return Math.abs(t.value); }));
    var unit = a >= 1e9 ? 1e9 : a >= 1e6 ? 1e6 : a >= 1e4 ? 1e3 : 1;
    var suffix = { 1: '', 1e3: 'k', 1e6: 'M', 1e9: 'G' }[unit];
    var step = ticks && ticks.length > 1 ? Math.abs(ticks[1].value - ticks[0].value) / unit : 1;
    var decimals = Math.min(3, Math.max(0, Math.ceil(-Math.log10(step) - 1e-9)));
    return (v / unit).toFixed(decimals) + suffix;
  }

  function seconds(v) {
    if (v === 0) { return '0'; }
    if (v < 1e-3) { return Number((v * 1e6).toPrecision(3)) + ' µs'; }
    if (v < 1) { return Number((v * 1e3).toPrecision(3)) + ' ms'; }
    return Number(v.toPrecision(3)) + ' s';
  }

  function box(id) {
    var el = document.querySelector('[data-chart="' + id + '"]');
    if (!el) { throw new Error('missing chart container ' + id); }
    return el;
  }

  function empty(id, text) {
    var p = document.createElement('div');
    p.className = 'chart-empty';
    p.textContent = text;
    box(id).appendChild(p);
  }

  function chart(id, config) {
    var canvas = document.createElement('canvas');
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', box(id).getAttribute('aria-label') || id);
    box(id).appendChild(canvas);
    config.options = config.options || {};
    config.options.responsive = true;
    config.options.maintainAspectRatio = false;
    config.options.animation = false;
    var c = new Chart(canvas, config);
    // The value axis' lower end, for the render tests (ops/s and counts never go below zero).
    if (c.scales && c.scales.y) { canvas.setAttribute('data-y-min', String(c.scales.y.min)); }
    drawn++;
    return c;
  }

  function axis(title, extra) {
    var a = { title: { display: true, text: title }, grid: { color: '#eceef2' } };
    for (var k in extra) { if (Object.prototype.hasOwnProperty.call(extra, k)) { a[k] = extra[k]; } }
    return a;
  }

  // A line chart of {x, y} points with the legend below; x and y are axis() results.
  function lineChart(id, sets, x, y) {
    chart(id, {
      type: 'line',
      data: { datasets: sets },
      options: {
        parsing: false,
        scales: { x: x, y: y },
        plugins: { legend: { position: 'bottom' } }
      }
    });
  }

  // Suggested bounds for a value axis that should not start at zero (patches differ by a few
  // percent, which a zero-based axis flattens): the data's range plus 10% each way, never below
  // zero. Chart.js's own 'grace' pads below zero when the range is wide.
  function padded(sets) {
    var lo = Infinity, hi = -Infinity;
    sets.forEach(function (s) {
      s.data.forEach(function (p) {
        if (p.y !== null && p.y !== undefined) { lo = Math.min(lo, p.y); hi = Math.max(hi, p.y); }
      });
    });
    if (lo === Infinity) { return {}; }
    var pad = (hi - lo) * 0.1 || Math.abs(hi) * 0.1 || 1;
    return { suggestedMin: Math.max(0, lo - pad), suggestedMax: hi + pad };
  }

  function lastTime() {
    return (data.timeline || []).reduce(function (m, s) { return Math.max(m, s.t_seconds); }, 0) || undefined;
  }

  function seriesByPatch() {
    var by = {};
    (data.timeline || []).forEach(function (s) {
      (by[s.patch] = by[s.patch] || []).push(s);
    });
    Object.keys(by).forEach(function (k) { by[k].sort(function (a, b) { return a.t_seconds - b.t_seconds; }); });
    return by;
  }

  // The timeline by patch for chart id, or null after showing the empty state when there is none.
  function timelineFor(id) {
    var by = seriesByPatch();
    if (!data.timeline || data.timeline.length === 0) {
      empty(id, 'No timeline samples in this report.');
      return null;
    }
    return by;
  }

  // Ops/s between consecutive samples of a patch; intervals where it did not run (other
  // patches' rounds) are gaps, so interleaved A B A B rounds show as separate segments.
  function throughputOverTime() {
    var by = timelineFor('throughput');
    if (!by) { return; }
    var sets = data.patches.map(function (p, i) {
      var s = by[p.name] || [];
      var pts = [];
      for (var k = 1; k < s.length; k++) {
        var dt = s[k].t_seconds - s[k - 1].t_seconds;
        var dops = s[k].ops - s[k - 1].ops;
        pts.push({ x: s[k].t_seconds, y: dt > 0 && dops > 0 ? dops / dt : null });
      }
      return {
        label: p.name, data: pts, borderColor: color(i), backgroundColor: color(i),
        borderWidth: 2, pointRadius: 1.5, spanGaps: false, tension: 0
      };
    });
    lineChart('throughput', sets,
      axis('seconds since start', { type: 'linear', min: 0, max: lastTime() }),
      axis('ops/s', Object.assign(padded(sets), { ticks: { callback: compact } })));
  }

  function hitsOverTime() {
    var by = timelineFor('hits');
    if (!by) { return; }
    var sets = data.patches.map(function (p, i) {
      return {
        label: p.name,
        data: (by[p.name] || []).map(function (s) { return { x: s.t_seconds, y: s.hits }; }),
        borderColor: color(i), backgroundColor: color(i), borderWidth: 2, pointRadius: 0, stepped: true
      };
    });
    lineChart('hits', sets,
      axis('seconds since start', { type: 'linear', min: 0, max: lastTime() }),
      axis('invariant hits (cumulative)', { beginAtZero: true, ticks: { callback: compact } }));
  }

  function roundThroughput() {
    var any = data.patches.some(function (p) { return p.rounds.length > 0; });
    if (!any) {
      empty('rounds', 'No rounds in this report.');
      return;
    }
    var sets = data.patches.map(function (p, i) {
      return {
        label: p.name,
        data: p.rounds.map(function (r, k) { return { x: k + 1, y: r.ops_per_second }; }),
        borderColor: color(i), backgroundColor: color(i), borderWidth: 1.5, pointRadius: 3
      };
    });
    lineChart('rounds', sets,
      axis('round of the patch', { type: 'linear', ticks: { precision: 0 } }),
      axis('ops/s', Object.assign(padded(sets), { ticks: { callback: compact } })));
  }

  // Strip plot of per-round first-hit times with a box (quartiles), median bar and
  // min/max whiskers drawn by a small plugin; patches without hits say so on the chart.
  function firstHits() {
    var patches = data.patches;
    var all = [];
    patches.forEach(function (p) { all = all.concat(p.first_hit.seconds); });
    if (all.length === 0) {
      empty('first-hit', 'No round of any patch hit an invariant.');
      return;
    }
    var positive = all.filter(function (v) { return v > 0; });
    var lo = Math.min.apply(null, positive.length ? positive : [1]);
    var hi = Math.max.apply(null, all);
    var log = positive.length === all.length && hi / lo > 50;
    var sets = patches.map(function (p, i) {
      return {
        label: p.name,
        data: p.first_hit.seconds.map(function (v, k) {
          var jitter = (((k * 0.6180339887) % 1) - 0.5) * 0.36;
          return { x: i + jitter, y: v };
        }),
        backgroundColor: alpha(color(i), 0.55), borderColor: color(i), pointRadius: 3.5
      };
    });
    var boxes = {
      id: 'boxes',
      afterDatasetsDraw: function (c) {
        var ctx = c.ctx, x = c.scales.x, y = c.scales.y;
        ctx.save();
        patches.forEach(function (p, i) {
          var f = p.first_hit;
          var cx = x.getPixelForValue(i);
          var w = Math.min(60, (x.getPixelForValue(1) - x.getPixelForValue(0)) * 0.32);
          ctx.strokeStyle = color(i);
          if (f.median === null) {
            ctx.fillStyle = '#5f6b7a';
            ctx.font = '12px system-ui, sans-serif';
            ctx.textAlign = 'center';
            ctx.fillText('no hits', cx, (c.chartArea.top + c.chartArea.bottom) / 2);
            return;
          }
          var q1 = y.getPixelForValue(f.q1), q3 = y.getPixelForValue(f.q3);
          var mn = y.getPixelForValue(f.min), mx = y.getPixelForValue(f.max);
          var md = y.getPixelForValue(f.median);
          ctx.lineWidth = 1.2;
          ctx.beginPath();
          ctx.moveTo(cx, mn); ctx.lineTo(cx, q1); ctx.moveTo(cx, q3); ctx.lineTo(cx, mx);
          ctx.moveTo(cx - w / 3, mn); ctx.lineTo(cx + w / 3, mn);
          ctx.moveTo(cx - w / 3, mx); ctx.lineTo(cx + w / 3, mx);
          ctx.stroke();
          ctx.fillStyle = alpha(color(i), 0.12);
          ctx.fillRect(cx - w, q3, 2 * w, q1 - q3);
          ctx.strokeRect(cx - w, q3, 2 * w, q1 - q3);
          ctx.lineWidth = 3;
          ctx.beginPath(); ctx.moveTo(cx - w, md); ctx.lineTo(cx + w, md); ctx.stroke();
        });
        ctx.restore();
      }
    };
    chart('first-hit', {
      type: 'scatter',
      data: { datasets: sets },
      plugins: [boxes],
      options: {
        parsing: false,
        scales: {
          x: axis('', {
            type: 'linear', min: -0.5, max: patches.length - 0.5, grid: { display: false },
            title: { display: false },
            afterBuildTicks: function (a) { a.ticks = patches.map(function (_, i) { return { value: i }; }); },
            ticks: {
              autoSkip: false,
              callback: function (v) {
                var p = patches[Math.round(v)];
                return p ? [p.name, p.first_hit.rounds_with_hit + '/' + p.first_hit.total_rounds + ' rounds hit'] : '';
              }
            }
          }),
          y: axis('seconds into the round', log
            ? { type: 'logarithmic', ticks: { callback: function (v) { return seconds(v); } } }
            : { beginAtZero: true, ticks: { callback: function (v) { return seconds(v); } } })
        },
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { label: function (c) { return c.dataset.label + ': ' + seconds(c.parsed.y); } } }
        }
      }
    });
  }

  function sweep() {
    var rows = data.sweep || [];
    if (rows.length === 0) { return; }
    var groups = {}, order = [];
    rows.forEach(function (r) {
      var key = r.impl + (r.churn ? ' (churn ' + r.churn + ')' : '');
      if (!groups[key]) { groups[key] = []; order.push(key); }
      groups[key].push(r);
    });
    var sets = [];
    order.forEach(function (key, i) {
      var g = groups[key].slice().sort(function (a, b) { return a.threads - b.threads; });
      sets.push({
        label: key, data: g.map(function (r) { return { x: r.threads, y: r.ops_per_second }; }),
        borderColor: color(i), backgroundColor: color(i), borderWidth: 2, pointRadius: 3
      });
      sets.push({
        label: key + ' — linear', data: g.map(function (r) { return { x: r.threads, y: r.linear }; }),
        borderColor: alpha(color(i), 0.6), backgroundColor: alpha(color(i), 0.2),
        borderDash: [5, 4], borderWidth: 1.2, pointRadius: 0
      });
    });
    lineChart('sweep', sets,
      axis('threads', { type: 'linear', ticks: { precision: 0 } }),
      axis('ops/s', { beginAtZero: true, ticks: { callback: compact } }));
  }

  try {
    data = JSON.parse(document.getElementById('report-data').textContent);
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    Chart.defaults.color = '#3d4756';
    throughputOverTime();
    hitsOverTime();
    roundThroughput();
    firstHits();
    sweep();
    var ok = document.createElement('div');
    ok.id = 'render-ok';
    ok.hidden = true;
    ok.setAttribute('data-charts', String(drawn));
    document.body.appendChild(ok);
  } catch (e) {
    var err = document.createElement('div');
    err.id = 'render-error';
    err.textContent = 'Charts failed to render: ' + (e && e.message ? e.message : String(e));
    var main = document.querySelector('main');
    main.insertBefore(err, main.firstChild);
    if (window.console) { console.error(e); }
  }
}());
