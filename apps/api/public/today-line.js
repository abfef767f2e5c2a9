// A vertical "Today" line for the charts: a Chart.js plugin that draws at the x pixel the chart's
// options give (options.plugins.todayLine.x(chart)), across the plot area, with its label on top.
window.todayLine = {
  id: 'todayLine',
  afterDatasetsDraw: function (chart, _args, opts) {
    if (!opts || typeof opts.x !== 'function') return;
    var x = opts.x(chart);
    var area = chart.chartArea;
    if (x === null || x === undefined || x < area.left || x > area.right) return;
    var ctx = chart.ctx;
    ctx.save();
    ctx.strokeStyle = '#d4351c';
    ctx.lineWidth = 2;
    ctx.setLineDash([6, 4]);
    ctx.beginPath();
    ctx.moveTo(x, area.top);
    ctx.lineTo(x, area.bottom);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = '#d4351c';
    ctx.font = 'bold 14px sans-serif';
    ctx.textAlign = x > area.right - 80 ? 'right' : 'left';
    ctx.fillText(opts.label || 'Today', x + (ctx.textAlign === 'right' ? -4 : 4), area.top + 14);
    ctx.restore();
  }
};
