// The maps (templates/maps/_map.html): names the area under the pointer or the keyboard focus
// in the line below the map, and outlines it above its neighbours. Without this script the
// map still works: every area has its name and figure for screen readers, and the table
// beside the map holds every figure.
const SVG = "http://www.w3.org/2000/svg";

function outlineFor(svg) {
  const outline = document.createElementNS(SVG, "path");
  outline.setAttribute("class", "app-map__focus");
  outline.setAttribute("aria-hidden", "true");
  outline.setAttribute("fill", "none");
  outline.setAttribute("stroke", "#0b0c0c");
  outline.setAttribute("stroke-width", "3");
  outline.setAttribute("vector-effect", "non-scaling-stroke");
  outline.setAttribute("visibility", "hidden");
  svg.appendChild(outline);
  return outline;
}

function startMap(figure) {
  const svg = figure.querySelector("svg.app-map");
  const readout = figure.querySelector(".app-map__readout");
  if (!svg || !readout) return;
  const outline = outlineFor(svg);
  const show = (event) => {
    const area = event.target.closest(".app-map__area");
    const path = area && area.querySelector("path");
    if (!path) return;
    readout.textContent = area.getAttribute("aria-label");
    readout.hidden = false;
    outline.setAttribute("d", path.getAttribute("d"));
    outline.setAttribute("visibility", "visible");
  };
  const hide = () => {
    outline.setAttribute("visibility", "hidden");
  };
  svg.addEventListener("focusin", show);
  svg.addEventListener("mouseover", show);
  svg.addEventListener("focusout", hide);
  svg.addEventListener("mouseleave", hide);
}

export function initMaps() {
  document.querySelectorAll("[data-map]").forEach(startMap);
}
