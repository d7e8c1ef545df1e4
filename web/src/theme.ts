import type { ThemeConfig } from 'antd';

/**
 * A calm, light desk: neutral greys, one restrained party red for primary actions and the
 * selected menu item, generous line height for Chinese text, fonts that exist on Windows desks
 * (Microsoft YaHei), Macs (PingFang) and Linux (WenQuanYi).
 */
export const theme: ThemeConfig = {
  token: {
    colorPrimary: '#b3262d',
    colorInfo: '#2f5d8a',
    colorLink: '#2f5d8a',
    colorSuccess: '#3f8f4f',
    colorWarning: '#c98a1b',
    colorBgLayout: '#f4f5f7',
    borderRadius: 4,
    fontSize: 14,
    fontFamily:
      '-apple-system, BlinkMacSystemFont, "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", "Noto Sans CJK SC", "Helvetica Neue", Arial, sans-serif',
  },
  components: {
    Layout: { headerBg: '#ffffff', siderBg: '#ffffff', headerHeight: 56, headerPadding: '0 20px' },
    Menu: { itemSelectedBg: '#fbeeee', itemSelectedColor: '#b3262d', itemBorderRadius: 4 },
    Table: { headerBg: '#f7f8fa' },
    Card: { headerFontSize: 15 },
  },
};
