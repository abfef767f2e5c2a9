// Decision dates by quarter across all councils (data from a JSON block in the page).
(function () {
  var source = document.getElementById('quarters-data');
  var canvas = document.getElementById('quarters');
  if (!source || !canvas || !window.Chart) return;
  var data = JSON.parse(source.textContent);
  canvas.parentElement.style.height = '280px';
  new window.Chart(canvas, {
    type: 'bar',
    data: { labels: data.map(function (q) { return q.quarter; }), datasets: [{ label: 'Decisions due', data: data.map(function (q) { return q.count; }), backgroundColor: '#1d70b8' }] },
    options: { responsive: true, maintainAspectRatio: false, animation: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
  });
})();
