// The opportunity timeline: each council's range of possible ends (current end to latest
// possible end), the end the plan uses, and the aligned window. Data comes from a JSON block
// in the page (no inline script, so the page's Content-Security-Policy can forbid them).
(function () {
  var source = document.getElementById('timeline-data');
  var canvas = document.getElementById('timeline');
  if (!source || !canvas || !window.Chart) return;
  var data = JSON.parse(source.textContent);
  var day = 86400000;
  var uk = function (ms) { var d = new Date(ms); return ('0' + d.getUTCDate()).slice(-2) + '/' + ('0' + (d.getUTCMonth() + 1)).slice(-2) + '/' + d.getUTCFullYear(); };
  var ms = function (iso) { return Date.parse(iso + 'T00:00:00Z'); };
  var labels = data.rows.map(function (r) { return r.council; });
  canvas.parentElement.style.height = Math.max(160, 40 * labels.length + 80) + 'px';
  new window.Chart(canvas, {
    data: {
      labels: labels,
      datasets: [
        { type: 'bar', label: 'Possible ends (current to latest)', data: data.rows.map(function (r) { return [ms(r.from), ms(r.to) + day]; }), backgroundColor: 'rgba(29, 112, 184, 0.35)', borderColor: '#1d70b8', borderWidth: 1, barPercentage: 0.6 },
        { type: 'scatter', label: 'End in the plan', data: data.rows.map(function (r, i) { return { x: ms(r.planned), y: labels[i] }; }), backgroundColor: '#0b0c0c', pointRadius: 6, pointStyle: 'rectRot' },
        { type: 'bar', label: 'Aligned window', data: data.rows.map(function () { return [ms(data.windowFrom), ms(data.windowTo) + day]; }), backgroundColor: 'rgba(0, 112, 60, 0.12)', borderWidth: 0, barPercentage: 1, categoryPercentage: 1, grouped: false, order: 10 }
      ]
    },
    options: {
      indexAxis: 'y', responsive: true, maintainAspectRatio: false, animation: false,
      scales: {
        // Ticks on the first of a month (the page works them out), never an odd day.
        x: { type: 'linear', min: ms(data.min), max: ms(data.max), afterBuildTicks: function (axis) { axis.ticks = data.ticks.map(function (t) { return { value: ms(t) }; }); }, ticks: { callback: function (v) { return uk(v); }, maxRotation: 45 } },
        y: { type: 'category' }
      },
      plugins: { todayLine: { label: 'Today ' + uk(ms(data.today)), x: function (chart) { return chart.scales.x.getPixelForValue(ms(data.today)); } }, tooltip: { callbacks: { label: function (ctx) {
        var v = ctx.raw; if (Array.isArray(v)) return ctx.dataset.label + ': ' + uk(v[0]) + ' to ' + uk(v[1] - day);
        return ctx.dataset.label + ': ' + uk(v.x);
      } } } }
    },
    plugins: window.todayLine ? [window.todayLine] : []
  });
})();
