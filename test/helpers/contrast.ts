// WCAG contrast of what a page draws: the ratio of two computed colours, and each text's colour
// against the colour actually behind it (its own and its ancestors' backgrounds, laid over each other).
import type { Page } from 'playwright-core';

type Rgba = [number, number, number, number];

/** A computed colour, `rgb(r, g, b)` or `rgba(r, g, b, a)` (what Chromium gives for the page's hex tokens). */
function parse(color: string): Rgba {
  const match = /^rgba?\(([\d.]+), ([\d.]+), ([\d.]+)(?:, ([\d.]+))?\)$/.exec(color);
  if (!match) throw new Error(`not an rgb() colour: ${color}`);
  const [r, g, b, a] = match.slice(1).map((n) => (n === undefined ? 1 : Number(n))) as Rgba;
  return [r, g, b, a];
}

/** `top` drawn over the opaque `under`, with `top`'s alpha times `opacity`. */
function over(top: Rgba, under: Rgba, opacity = 1): Rgba {
  const a = top[3] * opacity;
  return [0, 1, 2].map((i) => (top[i] as number) * a + (under[i] as number) * (1 - a)).concat(1) as Rgba;
}

function luminance([r, g, b]: Rgba): number {
  const [lr, lg, lb] = [r, g, b].map((n) => n / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [number, number, number];
  return 0.2126 * lr + 0.7152 * lg + 0.0722 * lb;
}

function ratio(a: Rgba, b: Rgba): number {
  const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (high + 0.05) / (low + 0.05);
}

/** WCAG's contrast ratio of two opaque computed colours. */
export const contrast = (a: string, b: string): number => ratio(parse(a), parse(b));

/** A text the page draws, with what a reader sees of it. */
export interface TextContrast {
  text: string;
  where: string;
  /** The text's colour and the background behind it, both made opaque. */
  color: string;
  background: string;
  ratio: number;
  /** WCAG's large text (24 px, or 18.66 px bold), which needs 3:1 rather than 4.5:1. */
  large: boolean;
}

interface Sample {
  text: string;
  where: string;
  color: string;
  opacity: number;
  /** Background colours from the text's own box out to the root. */
  backgrounds: string[];
  size: number;
  weight: number;
}

/**
 * Every text drawn on the page now: elements' own text, ::before and ::after content, and empty
 * fields' placeholders; not the text only a screen reader gets (.hidden-text).
 */
export async function textContrasts(page: Page): Promise<TextContrast[]> {
  const samples: Sample[] = await page.locator('body').evaluate((body) => {
    const view = body.ownerDocument.defaultView;
    const found: Sample[] = [];
    const chain = (node: typeof body) => {
      const backgrounds: string[] = [];
      let opacity = 1;
      for (let at = node; at; at = at.parentElement) {
        const style = view.getComputedStyle(at);
        backgrounds.push(style.backgroundColor);
        opacity *= Number(style.opacity);
      }
      return { backgrounds, opacity };
    };
    const name = (node: typeof body) => `${node.tagName.toLowerCase()}${node.id ? `#${node.id}` : ''}${[...node.classList].map((name) => `.${name}`).join('')}`;
    const where = (node: typeof body) => (node.parentElement ? `${name(node.parentElement)} > ${name(node)}` : name(node));
    for (const node of body.querySelectorAll('*')) {
      if (node.closest('.hidden-text') || node.getClientRects().length === 0 || !node.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue;
      const style = view.getComputedStyle(node);
      const { backgrounds, opacity } = chain(node);
      const sample = (text: string, color: string, layers: string[], pseudo = '') =>
        found.push({ text, where: where(node) + pseudo, color, opacity, backgrounds: layers, size: parseFloat(style.fontSize), weight: Number(style.fontWeight) });
      const own = [...node.childNodes].filter((child) => child.nodeType === 3).map((child) => child.textContent.trim()).join(' ').trim();
      if (own !== '') sample(own, style.color, backgrounds);
      for (const pseudo of ['::before', '::after']) {
        const drawn = view.getComputedStyle(node, pseudo);
        const content = /^"(.*)"$/.exec(drawn.content)?.[1]?.trim() ?? '';
        if (content !== '') sample(content, drawn.color, [drawn.backgroundColor, ...backgrounds], pseudo);
      }
      if (node.placeholder && node.value === '') sample(node.placeholder, view.getComputedStyle(node, '::placeholder').color, backgrounds, '::placeholder');
    }
    return found;
  });
  return samples.map((sample) => {
    // The backgrounds from the root in, each over what is under it, on the canvas's white.
    const background = sample.backgrounds.reduceRight<Rgba>((under, layer) => over(parse(layer), under), [255, 255, 255, 1]);
    const color = over(parse(sample.color), background, sample.opacity);
    const css = (c: Rgba) => `rgb(${c.slice(0, 3).map(Math.round).join(', ')})`;
    const large = sample.size >= 24 || (sample.size >= 18.66 && sample.weight >= 700);
    return { text: sample.text, where: sample.where, color: css(color), background: css(background), ratio: ratio(color, background), large };
  });
}
