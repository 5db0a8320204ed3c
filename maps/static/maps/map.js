/* The map of /<lang>/map/: one marker per place listed on the page, read from the
 * "map-places" JSON. Progressive enhancement: without JavaScript (or if Leaflet fails to load)
 * the list is the whole page, and the map's box stays hidden. */
(function () {
  "use strict";

  function popup(place) {
    var box = document.createElement("div");
    var title = document.createElement("p");
    var link = document.createElement("a");
    link.href = place.url;
    link.textContent = place.name;
    link.lang = place.lang;
    title.appendChild(link);
    box.appendChild(title);
    var details = [place.type, place.address, place.municipality].filter(Boolean);
    details.forEach(function (text) {
      var line = document.createElement("p");
      line.textContent = text;
      box.appendChild(line);
    });
    return box;
  }

  function draw() {
    var canvas = document.getElementById("map");
    var data = document.getElementById("map-places");
    if (!canvas || !data || !window.L) {
      return;
    }
    var places = JSON.parse(data.textContent);
    if (!places.length) {
      return;
    }
    canvas.parentElement.hidden = false;
    L.Icon.Default.imagePath = canvas.dataset.markerImages;
    // Scrolling the page over the map should scroll the page, not zoom the map.
    var map = L.map(canvas, { scrollWheelZoom: false });
    if (canvas.dataset.tiles) {
      L.tileLayer(canvas.dataset.tiles, {
        maxZoom: 19,
        attribution: canvas.dataset.attribution,
      }).addTo(map);
    }
    var bounds = places.map(function (place) {
      L.marker([place.lat, place.lon], {
        title: place.name,
        alt: place.name + " (" + place.type + ")",
        keyboard: true,
      })
        .bindPopup(popup(place))
        .addTo(map);
      return [place.lat, place.lon];
    });
    map.fitBounds(bounds, { padding: [30, 30], maxZoom: 15 });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
