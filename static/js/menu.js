// On narrow screens the main menu folds behind a "Menu" button (app.css shows the button
// below 80rem only). Without this script the button stays hidden and the links wrap.
(() => {
  for (const button of document.querySelectorAll("[data-menu-toggle]")) {
    const nav = button.closest("nav");
    const setOpen = (open) => button.setAttribute("aria-expanded", String(open));
    nav.classList.add("has-menu-toggle");
    button.hidden = false;
    button.addEventListener("click", () => setOpen(button.getAttribute("aria-expanded") !== "true"));
    nav.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        setOpen(false);
        button.focus();
      }
    });
  }
})();
