// The periodic task form (django-celery-beat) says what a crontab means in words, from a script
// file: the pages allow no inline script (Content-Security-Policy).
(function () {
  "use strict";
  var $ = django.jQuery;
  var readable = JSON.parse(document.getElementById("readable-crontabs").textContent);
  var help = document.getElementById("periodic-task-overrides").dataset.crontabHelp;
  $(".field-crontab_translation").hide();
  $(".field-crontab").change(function () {
    var text = readable[$("#id_crontab").val()] || "";
    $(".field-crontab .help").text(help).append($("<br>"), document.createTextNode(text));
  });
})();
