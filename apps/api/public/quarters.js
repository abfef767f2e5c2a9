// Decision dates by quarter across all councils (data from a JSON block in the page): every quarter
// on the axis, empty ones too, overdue first in red, and a line where today falls in its quarter.
(function () {
  var source = document.getElementById('quarters-data');
  var canvas = document.getElementById('quarters');
  if (!source || !canvas || !window.Chart) return;
  var data = JSON.parse(source.textContent);
  var quarters = data.quarters;
  canvas.parentElement.style.height = '300px';
  var current = quarters.findIndex(function (q) { return q.current; });
  new window.Chart(canvas, {
    type: 'bar',
    data: {
      labels: quarters.map(function (q) { return q.quarter; }),
      datasets: [{ label: 'Decisions due', data: quarters.map(function (q) { return q.count; }), backgroundColor: quarters.map(function (q) { return q.start === null ? '#d4351c' : '#1d70b8'; }) }]
    },
    options: {
      responsive: true, maintainAspectRatio: false, animation: false,
      scales: { y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'Decisions due' } }, x: { ticks: { maxRotation: 60, autoSkip: true } } },
      plugins: {
        legend: { display: false },
        todayLine: {
          label: 'Today ' + data.today,
          x: function (chart) {
            if (current < 0) return null;
            var scale = chart.scales.x;
            var width = quarters.length > 1 ? scale.getPixelForValue(1) - scale.getPixelForValue(0) : scale.width;
            return scale.getPixelForValue(current) - width / 2 + (quarters[current].todayAt || 0) * width;
          }
        }
      }
    },
    plugins: window.todayLine ? [window.todayLine] : []
  });
})();
