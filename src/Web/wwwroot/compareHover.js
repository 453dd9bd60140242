// Lists every line's value at the hovered x under a compare chart. Plotly's own "x unified" label cannot hold 50 runs
// (it is cut at the chart's height), so with many lines the chart draws no label and this panel shows them all,
// highest value first, in as many columns as the page is wide. Runs in the browser: hovering costs no round trip.
window.labCompareHover = {
    follow: function (chartId, panel) {
        const attach = tries => {
            const chart = document.getElementById(chartId);
            if (!chart || typeof chart.on !== "function") {
                if (tries > 0) setTimeout(() => attach(tries - 1), 200);
                return;
            }
            chart.labHoverPanel = panel;
            if (chart.labHoverFollowed) return;
            chart.labHoverFollowed = true;
            chart.on("plotly_hover", event => window.labCompareHover.show(chart.labHoverPanel, event.points || []));
        };
        attach(150);
    },

    show: function (panel, points) {
        if (!panel || !panel.isConnected) return;
        const lines = points
            .filter(p => p.data && p.data.showlegend !== false && p.data.hoverinfo !== "skip" && p.y !== null && p.y !== undefined)
            .map(p => ({ name: p.data.name, color: p.data.line && p.data.line.color, y: p.y, x: p.x }))
            .sort((a, b) => b.y - a.y);
        if (lines.length === 0) return;
        const title = document.createElement("div");
        title.className = "lab-hover-title";
        title.textContent = `${panel.dataset.xTitle || "x"} ${lines[0].x} · ${lines.length} lines, highest first`;
        const list = document.createElement("ol");
        for (const line of lines) {
            const item = document.createElement("li");
            item.dataset.name = line.name;
            const swatch = document.createElement("span");
            swatch.className = "lab-swatch";
            swatch.style.background = line.color || "#888";
            const name = document.createElement("span");
            name.textContent = line.name;
            const value = document.createElement("span");
            value.className = "lab-mono";
            value.textContent = Number(line.y).toPrecision(4);
            item.append(swatch, name, value);
            list.append(item);
        }
        panel.replaceChildren(title, list);
    },
};
