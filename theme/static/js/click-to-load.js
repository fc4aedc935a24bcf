// Click-to-load for videos hosted elsewhere: the iframe (and with it the other
// host's requests) is created only when the visitor presses play.
document.addEventListener("click", (event) => {
  const link = event.target.closest(".embed__load");
  if (!link) return;
  const box = link.closest(".embed");
  event.preventDefault();
  const frame = document.createElement("iframe");
  frame.src = box.dataset.embedUrl + (box.dataset.embedUrl.includes("?") ? "&" : "?") + "autoplay=1";
  frame.title = box.dataset.embedTitle;
  frame.width = "640";
  frame.height = "360";
  frame.allow = "autoplay; fullscreen; picture-in-picture";
  frame.allowFullscreen = true;
  box.replaceChildren(frame);
  frame.focus();
});
