// Keeps the one-time tokens of the page's create forms in its history entry. Back often
// fetches a page anew, with new tokens; this puts back the tokens it had, so a form sent
// again is recognised and the server shows what the first sending made.
(() => {
  const FIELD = "form_token";

  function tokenInputs() {
    return Array.from(document.querySelectorAll(`input[name="${FIELD}"]`));
  }

  function remember() {
    const state = history.state && typeof history.state === "object" ? history.state : {};
    const formTokens = tokenInputs().map((input) => input.value);
    history.replaceState({ ...state, formTokens }, "");
  }

  function restore() {
    const saved = history.state && history.state.formTokens;
    const inputs = tokenInputs();
    if (Array.isArray(saved) && saved.length === inputs.length) {
      inputs.forEach((input, index) => {
        input.value = saved[index];
      });
    } else {
      remember();
    }
  }

  document.addEventListener("DOMContentLoaded", restore);
  // Forms redrawn in place come with fresh tokens: remember those instead.
  document.addEventListener("htmx:afterSettle", remember);
})();
