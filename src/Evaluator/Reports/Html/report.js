// PolicyDsl report: proofs open and close, a citation shows its passage, map nodes lead to both. No network.
(function () {
  "use strict";
  var view = document.getElementById("passage-view");
  var viewTitle = document.getElementById("passage-title");
  var viewBody = view.querySelector(".body");
  var opener = null;

  function toggle(button, open) {
    var row = document.getElementById(button.getAttribute("aria-controls"));
    var expand = open === undefined ? button.getAttribute("aria-expanded") !== "true" : open;
    button.setAttribute("aria-expanded", expand ? "true" : "false");
    row.hidden = !expand;
  }

  function showPassage(trigger, id) {
    var template = document.getElementById(id);
    if (!template) { return; }
    opener = trigger;
    viewTitle.textContent = template.getAttribute("data-title");
    viewBody.replaceChildren(template.content.cloneNode(true));
    view.hidden = false;
    view.focus();
    var mark = viewBody.querySelector("mark");
    if (mark) { mark.scrollIntoView({ block: "center" }); }
  }

  function closePassage() {
    view.hidden = true;
    if (opener) { opener.focus(); opener = null; }
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    var button = target.closest && target.closest("button");
    if (button && button.classList.contains("toggle")) { toggle(button); return; }
    if (button && button.classList.contains("cite")) { showPassage(button, button.getAttribute("data-passage")); return; }
    if (button && button.classList.contains("close")) { closePassage(); return; }
    var node = target.closest && target.closest("g.node.clickable");
    if (node) { follow(node); }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !view.hidden) { closePassage(); return; }
    var node = event.target.closest && event.target.closest("g.node.clickable");
    if (node && (event.key === "Enter" || event.key === " ")) { event.preventDefault(); follow(node); }
  });

  // A premise node shows its passage; a conclusion node opens its proof in the table.
  function follow(node) {
    var passage = node.getAttribute("data-passage");
    if (passage) { showPassage(node, passage); return; }
    var proof = node.getAttribute("data-proof");
    var button = proof && document.querySelector('button.toggle[aria-controls="' + proof + '"]');
    if (button) { toggle(button, true); button.scrollIntoView({ block: "center" }); button.focus(); }
  }

  document.querySelectorAll("script.map-links").forEach(function (script) {
    var links = JSON.parse(script.textContent);
    var map = document.getElementById(script.getAttribute("data-map"));
    Object.keys(links).forEach(function (id) {
      var node = map && map.querySelector('g.node[id="' + id + '"]');
      if (!node) { return; }
      var link = links[id];
      node.classList.add("clickable");
      node.setAttribute("tabindex", "0");
      node.setAttribute("role", "button");
      node.setAttribute(link.passage ? "data-passage" : "data-proof", link.passage || link.proof);
      node.setAttribute("aria-label", link.label);
    });
  });

  document.querySelectorAll("button.fit").forEach(function (button) {
    button.addEventListener("click", function () {
      var map = document.getElementById(button.getAttribute("aria-controls"));
      var fit = map.classList.toggle("fit");
      button.setAttribute("aria-pressed", fit ? "true" : "false");
    });
  });
})();
