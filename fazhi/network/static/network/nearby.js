// 使用我的位置: ask the browser for its position (WGS-84) and reload the page with ?lng=&lat=.
(function () {
  var button = document.getElementById("fz-locate");
  var msg = document.getElementById("fz-locate-msg");
  if (!button) return;
  button.addEventListener("click", function () {
    if (!navigator.geolocation) {
      msg.textContent = "您的浏览器不支持定位，请在下方填写经纬度，或拨打 12348。";
      return;
    }
    msg.textContent = "正在获取您的位置…";
    navigator.geolocation.getCurrentPosition(
      function (pos) {
        var q = "?lng=" + pos.coords.longitude.toFixed(6) + "&lat=" + pos.coords.latitude.toFixed(6);
        window.location.assign(q);
      },
      function () {
        msg.textContent = "未能获取位置（可能未允许定位），请在下方填写经纬度，或拨打 12348。";
      },
      { enableHighAccuracy: true, timeout: 10000, maximumAge: 60000 }
    );
  });
})();
