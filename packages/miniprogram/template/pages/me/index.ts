/** 我的: orders, distribution centre, my shop. */
Page({
  data: {},
});
