// Preselects the browser's own time zone on the sign-up form; the member can still change it.
document.addEventListener("DOMContentLoaded", () => {
  const select = document.querySelector("select[name=time_zone]");
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (select && zone && select.value === "UTC" && select.querySelector(`option[value="${zone}"]`)) {
    select.value = zone;
  }
});
