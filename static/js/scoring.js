/* The running total of a review, updated as scores are typed (no framework).
 *
 * Same arithmetic as matching/assessment/ranking.py review_total: each score's place on its
 * criterion's scale (0 at the lowest score, 1 at the highest), weighted mean of the criteria
 * scored, times 100. Inputs carry data-score, data-weight, data-min and data-max; the total is
 * written into [data-running-total]. A score outside its scale is left out (the server refuses
 * it on save) and its input is marked aria-invalid.
 */
(function () {
  "use strict";

  function number(text) {
    if (text === undefined || text === null) return NaN;
    var trimmed = String(text).trim().replace(",", ".");
    return trimmed === "" ? NaN : Number(trimmed);
  }

  function total(form) {
    var weighted = 0;
    var weights = 0;
    form.querySelectorAll("[data-score]").forEach(function (input) {
      var low = number(input.dataset.min);
      var high = number(input.dataset.max);
      var weight = number(input.dataset.weight);
      var score = number(input.value);
      var outside = !isNaN(score) && (score < low || score > high);
      if (outside) {
        input.setAttribute("aria-invalid", "true");
      } else {
        input.removeAttribute("aria-invalid");
      }
      if (isNaN(score) || outside || isNaN(weight) || !(high > low)) return;
      weighted += (weight * (score - low)) / (high - low);
      weights += weight;
    });
    return weights ? (100 * weighted) / weights : null;
  }

  function show(form) {
    var output = form.querySelector("[data-running-total]");
    if (!output) return;
    var value = total(form);
    var language = document.documentElement.lang || undefined;
    output.textContent =
      value === null
        ? "—"
        : value.toLocaleString(language, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  }

  function start() {
    document.querySelectorAll("form[data-scoring]").forEach(function (form) {
      form.addEventListener("input", function () {
        show(form);
      });
      show(form);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
