// An autosave that fails is never silent. A form or fieldset with data-autosave-status (the id
// of its status element) that htmx could not save says so there, tries again a few times,
// then tells the person their choice is kept on the page and offers to try once more.
(() => {
  const RETRY_AFTER_MS = [1000, 2000, 4000];
  const tries = new WeakMap();

  function autosaving(event) {
    return event.detail.elt.closest("[data-autosave-status]");
  }

  function say(control, text, kind) {
    const status = document.getElementById(control.dataset.autosaveStatus);
    if (!status) return null;
    const message = document.createElement("span");
    message.className = kind;
    message.textContent = text;
    status.replaceChildren(message);
    return status;
  }

  function saveAgain(control) {
    say(control, "Saving…", "muted");
    htmx.trigger(control, "change");
  }

  function failed(event) {
    const control = autosaving(event);
    if (!control) return;
    control.classList.add("has-error");
    const tried = tries.get(control) || 0;
    if (tried < RETRY_AFTER_MS.length) {
      tries.set(control, tried + 1);
      say(control, "Not saved yet: trying again…", "field-error");
      setTimeout(() => htmx.trigger(control, "change"), RETRY_AFTER_MS[tried]);
      return;
    }
    tries.delete(control);
    const status = say(
      control,
      "Could not save: check your connection. What you chose is kept on this page. ",
      "field-error",
    );
    if (!status) return;
    status.setAttribute("role", "alert");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "small outline";
    button.textContent = "Try again";
    button.addEventListener("click", () => saveAgain(control));
    status.append(button);
  }

  document.addEventListener("htmx:responseError", failed);
  document.addEventListener("htmx:sendError", failed);
  document.addEventListener("htmx:afterRequest", (event) => {
    const control = autosaving(event);
    if (control && event.detail.successful) {
      tries.delete(control);
      control.classList.remove("has-error");
    }
  });
})();
