// Passkeys (WebAuthn) for Casus: sign in, add a passkey, activate an account with one.
// Progressive enhancement: sections marked data-passkey-section stay hidden unless the browser supports passkeys,
// and every other form works without this script. A form marked data-passkey="get" or data-passkey="create":
//   1. posts its own fields (antiforgery token included) to data-options-url and receives the WebAuthn options JSON;
//   2. asks the browser for a passkey (navigator.credentials.get or .create);
//   3. puts the credential as JSON in its CredentialJson field and submits itself to the server as a normal form.
// No inline script and no eval: the CSP allows scripts from this site only.
(function () {
  "use strict";

  if (!window.PublicKeyCredential || !navigator.credentials) {
    document.querySelectorAll("[data-passkey-unsupported]").forEach(function (el) { el.hidden = false; });
    return;
  }
  document.querySelectorAll("[data-passkey-section]").forEach(function (el) { el.hidden = false; });
  document.querySelectorAll("[data-passkey-unsupported]").forEach(function (el) { el.hidden = true; });

  function fromBase64Url(value) {
    var base64 = value.replace(/-/g, "+").replace(/_/g, "/");
    while (base64.length % 4) { base64 += "="; }
    var binary = atob(base64);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) { bytes[i] = binary.charCodeAt(i); }
    return bytes.buffer;
  }

  function toBase64Url(buffer) {
    var bytes = new Uint8Array(buffer);
    var binary = "";
    for (var i = 0; i < bytes.length; i++) { binary += String.fromCharCode(bytes[i]); }
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function withIds(list) {
    return (list || []).map(function (c) { return Object.assign({}, c, { id: fromBase64Url(c.id) }); });
  }

  // Browsers without parse*OptionsFromJSON / toJSON (older Safari, Firefox) get the same conversion by hand.
  function requestOptions(json) {
    if (typeof PublicKeyCredential.parseRequestOptionsFromJSON === "function") {
      return PublicKeyCredential.parseRequestOptionsFromJSON(json);
    }
    return Object.assign({}, json, { challenge: fromBase64Url(json.challenge), allowCredentials: withIds(json.allowCredentials) });
  }

  function creationOptions(json) {
    if (typeof PublicKeyCredential.parseCreationOptionsFromJSON === "function") {
      return PublicKeyCredential.parseCreationOptionsFromJSON(json);
    }
    return Object.assign({}, json, {
      challenge: fromBase64Url(json.challenge),
      user: Object.assign({}, json.user, { id: fromBase64Url(json.user.id) }),
      excludeCredentials: withIds(json.excludeCredentials)
    });
  }

  function credentialJson(credential) {
    if (typeof credential.toJSON === "function") {
      return JSON.stringify(credential.toJSON());
    }
    var r = credential.response;
    var response = { clientDataJSON: toBase64Url(r.clientDataJSON) };
    if (r.attestationObject) {
      response.attestationObject = toBase64Url(r.attestationObject);
      response.transports = typeof r.getTransports === "function" ? r.getTransports() : [];
    } else {
      response.authenticatorData = toBase64Url(r.authenticatorData);
      response.signature = toBase64Url(r.signature);
      if (r.userHandle) { response.userHandle = toBase64Url(r.userHandle); }
    }
    return JSON.stringify({
      id: credential.id,
      rawId: toBase64Url(credential.rawId),
      type: credential.type,
      authenticatorAttachment: credential.authenticatorAttachment || null,
      clientExtensionResults: credential.getClientExtensionResults ? credential.getClientExtensionResults() : {},
      response: response
    });
  }

  function showError(form, message) {
    var box = form.querySelector("[data-passkey-error]");
    if (!box) { return; }
    box.querySelector("p").textContent = message;
    box.hidden = false;
  }

  document.querySelectorAll("form[data-passkey]").forEach(function (form) {
    var busy = false;
    form.addEventListener("submit", async function (event) {
      if (form.dataset.passkeyReady === "true") { return; } // the credential is in: let the form go to the server
      event.preventDefault();
      if (busy || !form.reportValidity()) { return; }
      busy = true;
      var button = form.querySelector("button[type=submit]");
      if (button) { button.disabled = true; }
      var box = form.querySelector("[data-passkey-error]");
      if (box) { box.hidden = true; }
      try {
        var answer = await fetch(form.dataset.optionsUrl, {
          method: "POST", body: new FormData(form), credentials: "same-origin", headers: { "Accept": "application/json" }
        });
        if (!answer.ok) { throw new Error("options " + answer.status); }
        var options = await answer.json();
        var credential = form.dataset.passkey === "create"
          ? await navigator.credentials.create({ publicKey: creationOptions(options) })
          : await navigator.credentials.get({ publicKey: requestOptions(options) });
        if (!credential) { throw new Error("no credential"); }
        form.querySelector("input[name=CredentialJson]").value = credentialJson(credential);
        form.dataset.passkeyReady = "true";
        form.submit();
      } catch (error) {
        showError(form, error && error.name === "NotSupportedError" ? form.dataset.errorUnsupported : form.dataset.errorFailed);
        busy = false;
        if (button) { button.disabled = false; }
      }
    });
  });
})();
