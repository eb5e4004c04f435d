// Grafana's named colours (the names a dashboard's thresholds, overrides and fixed colours use) as CSS colours.
const HUES: Record<string, [dark: string, semiDark: string, base: string, light: string, superLight: string]> = {
  red: ['#C4162A', '#E02F44', '#F2495C', '#FF7383', '#FFA6B0'],
  orange: ['#FA6400', '#FF780A', '#FF9830', '#FFB357', '#FFCB7D'],
  yellow: ['#E0B400', '#F2CC0C', '#FADE2A', '#FFEE52', '#FFF899'],
  green: ['#37872D', '#56A64B', '#73BF69', '#96D98D', '#C8F2C2'],
  blue: ['#1F60C4', '#3274D9', '#5794F2', '#8AB8FF', '#C0D8FF'],
  purple: ['#8F3BB8', '#A352CC', '#B877D9', '#CA95E5', '#DEB6F2'],
};

const NAMED: Record<string, string> = { text: '#CCCCDC', transparent: 'transparent' };
for (const [hue, [dark, semiDark, base, light, superLight]] of Object.entries(HUES)) {
  Object.assign(NAMED, { [`dark-${hue}`]: dark, [`semi-dark-${hue}`]: semiDark, [hue]: base, [`light-${hue}`]: light, [`super-light-${hue}`]: superLight });
}

/** A Grafana colour name as CSS; anything else (#hex, rgb(), CSS names) is already CSS. */
export const cssColor = (color: string): string => NAMED[color] ?? color;
