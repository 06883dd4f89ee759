// Helps the forms when JavaScript runs; every form works without it.
(function () {
  "use strict";
  function csrf(form) {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  // The language menu switches at once.
  document.querySelectorAll("form.language select").forEach(function (select) {
    var button = select.form.querySelector("button");
    if (button) button.hidden = true;
    select.addEventListener("change", function () { select.form.submit(); });
  });

  // The statement's print button.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });

  // After a refused post the summary of the errors is read out first; each of its links takes
  // the keyboard to its field.
  var summary = document.querySelector(".error-summary");
  if (summary) {
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      var field = link && document.getElementById(link.hash.slice(1));
      if (!field) return;
      event.preventDefault();
      (field.closest(".field") || field).scrollIntoView();
      field.focus();
    });
  }

  var filing = document.querySelector("form.filing");
  if (!filing) return;

  // "Send code" without reloading the page (and without losing chosen files).
  var codeButton = filing.querySelector("button[value=send_code]");
  var status = filing.querySelector(".code-status");
  if (codeButton && window.fetch) {
    codeButton.addEventListener("click", function (event) {
      event.preventDefault();
      var data = new FormData();
      ["complainant_phone", "complainant_email"].forEach(function (name) {
        var field = filing.elements[name];
        if (field) data.append(name, field.value);
      });
      var preference = filing.querySelector("input[name=contact_preference]:checked");
      if (preference) data.append("contact_preference", preference.value);
      codeButton.disabled = true;
      fetch(filing.dataset.codeUrl, { method: "POST", body: data, headers: { "X-CSRFToken": csrf(filing) }, credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (result) { status.textContent = result.message; })
        .catch(function () { status.textContent = ""; codeButton.form.requestSubmit(codeButton); })
        .finally(function () { setTimeout(function () { codeButton.disabled = false; }, 60000); });
    });
  }

  // Suggest known companies while typing.
  var company = filing.elements["company_name"];
  var list = document.getElementById("companies");
  var timer;
  if (company && list && window.fetch) {
    company.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        if (!company.value.trim()) return;
        fetch("../../companies/?q=" + encodeURIComponent(company.value.trim()), { credentials: "same-origin" })
          .then(function (response) { return response.json(); })
          .then(function (result) {
            list.replaceChildren.apply(list, result.companies.map(function (name) {
              var option = document.createElement("option");
              option.value = name;
              return option;
            }));
          });
      }, 250);
    });
  }
})();
