/*
 * Point picker: place an optional point on an area's map (initiatives/_point_picker.html).
 *
 * Progressive enhancement: the picker is rendered hidden, and this script shows it; without
 * it the form works without a point ("where exactly" says where). The server draws the map
 * (core/maps.py) and puts its projection on the picker as data- attributes, so a click on
 * the SVG is turned back into RD New metres (EPSG:28992) here, and the two hidden inputs
 * point_x / point_y carry them. The server checks that the point lies in the area.
 *
 * Mouse or touch: click or tap. Keyboard: the map is focusable; the arrow keys move the
 * point (from the area's centre when there is none yet; with Shift in bigger steps),
 * Delete or Backspace removes it, as does the "Remove the point" button. An aria-live
 * text says whether a point is placed.
 *
 * Plain ES2017, no build step, no inline script (the Content-Security-Policy allows our
 * own files only). Runs on load and on every htmx swap (the area select fetches the map).
 */
(function () {
  "use strict";

  const SVG_NS = "http://www.w3.org/2000/svg";
  const STEP = 8; // viewBox pixels per arrow key press (the map is 640 wide)
  const BIG_STEP = 40; // with Shift
  const MOVES = {
    ArrowLeft: [-1, 0],
    ArrowRight: [1, 0],
    ArrowUp: [0, -1],
    ArrowDown: [0, 1],
  };

  function number(value) {
    const parsed = parseFloat(value);
    return Number.isFinite(parsed) ? parsed : null;
  }

  function markerElement(svg) {
    let marker = svg.querySelector(".map-marker");
    if (!marker) {
      // The same shape as core/maps.py's marker_markup.
      marker = document.createElementNS(SVG_NS, "g");
      marker.setAttribute("class", "map-marker");
      const ring = document.createElementNS(SVG_NS, "circle");
      ring.setAttribute("r", "10");
      ring.setAttribute("fill", "#fff");
      ring.setAttribute("fill-opacity", "0.6");
      ring.setAttribute("stroke", "#000");
      ring.setAttribute("stroke-width", "3");
      const dot = document.createElementNS(SVG_NS, "circle");
      dot.setAttribute("r", "3.5");
      dot.setAttribute("fill", "#000");
      marker.appendChild(ring);
      marker.appendChild(dot);
      svg.appendChild(marker);
    }
    return marker;
  }

  function setup(picker) {
    if (picker.dataset.pointReady) {
      return;
    }
    picker.dataset.pointReady = "true";
    picker.hidden = false;
    const map = picker.querySelector(".point-picker__map");
    const svg = map && map.querySelector("svg");
    const data = picker.dataset;
    const minX = number(data.minX);
    const maxY = number(data.maxY);
    const scale = number(data.scale);
    const padding = number(data.padding);
    const width = number(data.width);
    const height = number(data.height);
    if (!svg || [minX, maxY, scale, padding, width, height].includes(null) || scale <= 0) {
      return; // no map of this area: the picker says so, and there is nothing to place
    }
    const xInput = picker.querySelector("[data-point-x]");
    const yInput = picker.querySelector("[data-point-y]");
    const status = picker.querySelector(".point-picker__status");
    const clear = picker.querySelector("[data-point-clear]");

    // In SVG pixels, as core.maps.Projection draws; metres are only written to the inputs.
    const toPixels = (x, y) => [padding + (x - minX) * scale, padding + (maxY - y) * scale];
    const toMetres = (px, py) => [minX + (px - padding) / scale, maxY - (py - padding) / scale];

    let current = null;
    const typedX = number(xInput.value);
    const typedY = number(yInput.value);
    if (typedX !== null && typedY !== null) {
      current = toPixels(typedX, typedY);
    }

    function say(placed) {
      if (status) {
        const text = placed ? data.textPlaced : data.textNone;
        if (status.textContent !== text) {
          status.textContent = text;
        }
      }
    }

    function show() {
      if (current === null) {
        const marker = svg.querySelector(".map-marker");
        if (marker) {
          marker.remove();
        }
        xInput.value = "";
        yInput.value = "";
        say(false);
        return;
      }
      const [px, py] = current;
      markerElement(svg).setAttribute("transform", `translate(${px.toFixed(1)} ${py.toFixed(1)})`);
      const [x, y] = toMetres(px, py);
      // Whole metres: the area outlines are stored in whole metres too.
      xInput.value = String(Math.round(x));
      yInput.value = String(Math.round(y));
      say(true);
    }

    function place(px, py) {
      current = [Math.min(Math.max(px, 0), width), Math.min(Math.max(py, 0), height)];
      show();
    }

    svg.addEventListener("click", (event) => {
      const matrix = svg.getScreenCTM();
      if (!matrix) {
        return;
      }
      const point = svg.createSVGPoint();
      point.x = event.clientX;
      point.y = event.clientY;
      const inSvg = point.matrixTransform(matrix.inverse());
      place(inSvg.x, inSvg.y);
    });

    map.addEventListener("keydown", (event) => {
      if (event.altKey || event.ctrlKey || event.metaKey) {
        return;
      }
      if (event.key === "Delete" || event.key === "Backspace") {
        event.preventDefault();
        current = null;
        show();
        return;
      }
      const move = MOVES[event.key];
      if (!move) {
        return;
      }
      event.preventDefault(); // the page does not scroll while the point moves
      if (current === null) {
        const startX = number(data.startX);
        const startY = number(data.startY);
        current =
          startX !== null && startY !== null ? toPixels(startX, startY) : [width / 2, height / 2];
        place(current[0], current[1]);
        return;
      }
      const step = event.shiftKey ? BIG_STEP : STEP;
      place(current[0] + move[0] * step, current[1] + move[1] * step);
    });

    if (clear) {
      clear.addEventListener("click", () => {
        current = null;
        show();
      });
    }
  }

  function init(root) {
    if (!root || !root.querySelectorAll) {
      return;
    }
    if (root.matches && root.matches("[data-point-picker]")) {
      setup(root);
    }
    root.querySelectorAll("[data-point-picker]").forEach(setup);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", () => init(document));
  } else {
    init(document);
  }
  // New content from htmx (the area select swaps in another area's picker).
  document.addEventListener("htmx:load", (event) => init(event.detail && event.detail.elt));
})();
