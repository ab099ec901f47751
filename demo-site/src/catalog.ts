/** The shop's product categories, in display order. */
export const CATEGORIES = ['kitchen', 'apparel', 'home', 'stationery'] as const;

/** One of {@link CATEGORIES}. */
export type Category = (typeof CATEGORIES)[number];

/** The drawing used as a product's picture (see `art.ts`); no external images are loaded. */
export interface ProductArt {
  readonly shape:
    'mug' | 'teapot' | 'tee' | 'tote' | 'beanie' | 'candle' | 'pot' | 'cushion' | 'notebook' | 'pen' | 'sticker';
  /** Main colour of the object. */
  readonly color: string;
  /** Detail colour (band, label, speckles…). */
  readonly accent: string;
  /** Background tint of the picture. */
  readonly background: string;
  /** Dots over the body, for speckled glazes and the like. */
  readonly speckled?: boolean;
}

/** A product in the catalog. Prices are US dollars. */
export interface Product {
  readonly id: string;
  readonly name: string;
  readonly category: Category;
  readonly price: number;
  readonly description: string;
  readonly art: ProductArt;
}

/** Every product the shop sells, in the order the grid shows them. */
export const catalog: readonly Product[] = [
  {
    id: 'mug-001',
    name: 'Classic White Mug',
    category: 'kitchen',
    price: 12,
    description: 'A 12 oz glossy white porcelain mug for coffee or tea. Dishwasher and microwave safe.',
    art: { shape: 'mug', color: '#fbfbf8', accent: '#d9d4c7', background: '#e8eef6' },
  },
  {
    id: 'mug-002',
    name: 'Speckled Stoneware Mug',
    category: 'kitchen',
    price: 18,
    description: 'Hand-glazed 14 oz stoneware mug in oatmeal with dark speckles; every one is a little different.',
    art: { shape: 'mug', color: '#e9dcc4', accent: '#5b4a3a', background: '#f4ece0', speckled: true },
  },
  {
    id: 'mug-003',
    name: 'Midnight Blue Espresso Cup',
    category: 'kitchen',
    price: 9.5,
    description: 'A small 3 oz espresso cup, our tiniest mug, in a deep blue ceramic glaze; sold singly.',
    art: { shape: 'mug', color: '#23395d', accent: '#8fb3e8', background: '#dde6f3' },
  },
  {
    id: 'pot-001',
    name: 'Ceramic Teapot',
    category: 'kitchen',
    price: 34,
    description: 'A sage green 1 litre teapot with a removable stainless steel infuser for loose-leaf tea.',
    art: { shape: 'teapot', color: '#9cb89a', accent: '#5f7d5d', background: '#e7f0e4' },
  },
  {
    id: 'tee-001',
    name: 'Coffee Club T-Shirt',
    category: 'apparel',
    price: 22,
    description: 'Soft organic cotton t-shirt with a small mug print on the chest. Unisex fit, sizes S to XXL.',
    art: { shape: 'tee', color: '#e2725b', accent: '#fff4e6', background: '#fbe6df' },
  },
  {
    id: 'tee-002',
    name: 'Heather Grey Crewneck Sweatshirt',
    category: 'apparel',
    price: 45,
    description: 'A warm brushed-fleece crewneck sweatshirt in heather grey for slow weekend mornings.',
    art: { shape: 'tee', color: '#9aa0a6', accent: '#d4d7db', background: '#eceff1', speckled: true },
  },
  {
    id: 'bag-001',
    name: 'Canvas Tote Bag',
    category: 'apparel',
    price: 16,
    description: 'A sturdy natural canvas tote bag with long handles and an inside pocket; fits a laptop.',
    art: { shape: 'tote', color: '#e8dcc2', accent: '#b5523b', background: '#f5efe3' },
  },
  {
    id: 'hat-001',
    name: 'Knit Beanie',
    category: 'apparel',
    price: 19,
    description: 'A chunky rib-knit beanie hat in mustard yellow wool blend, with a pom-pom.',
    art: { shape: 'beanie', color: '#e0a526', accent: '#b7801a', background: '#fbf1d9' },
  },
  {
    id: 'cnd-001',
    name: 'Soy Wax Candle',
    category: 'home',
    price: 21,
    description: 'A hand-poured soy wax candle in a glass jar that smells of fresh coffee and vanilla; 40 hours.',
    art: { shape: 'candle', color: '#f3ead8', accent: '#6d4c41', background: '#f1e7dc' },
  },
  {
    id: 'pln-001',
    name: 'Terracotta Plant Pot',
    category: 'home',
    price: 15,
    description: 'A 6 inch unglazed terracotta pot with a drainage hole and saucer, for herbs and houseplants.',
    art: { shape: 'pot', color: '#c4673f', accent: '#5d9b5a', background: '#f6e4da' },
  },
  {
    id: 'csn-001',
    name: 'Linen Throw Cushion',
    category: 'home',
    price: 29,
    description: 'A stonewashed linen cushion in dusty rose with a feather insert, 45 by 45 cm.',
    art: { shape: 'cushion', color: '#d8a7a7', accent: '#a86f6f', background: '#f7e9e9' },
  },
  {
    id: 'nbk-001',
    name: 'Dot Grid Notebook',
    category: 'stationery',
    price: 11,
    description: 'An A5 hardcover notebook with 160 pages of dot grid paper, a ribbon marker and an elastic band.',
    art: { shape: 'notebook', color: '#2f5d50', accent: '#e7b24c', background: '#e1eeea' },
  },
  {
    id: 'pen-001',
    name: 'Brass Ballpoint Pen',
    category: 'stationery',
    price: 24,
    description: 'A solid brass ballpoint pen that writes smoothly and ages to a warm patina; refillable.',
    art: { shape: 'pen', color: '#c9a227', accent: '#3b3b3b', background: '#f5efd8' },
  },
  {
    id: 'stk-001',
    name: 'Coffee Sticker Pack',
    category: 'stationery',
    price: 6,
    description: 'Eight waterproof vinyl stickers with coffee, tea and mug doodles for laptops and notebooks.',
    art: { shape: 'sticker', color: '#7e57c2', accent: '#ffd54f', background: '#ede7f6' },
  },
];

const byId = new Map(catalog.map((product) => [product.id, product]));

/** Looks a product up by id (`mug-001`); `undefined` when there is none. */
export function findProduct(id: string): Product | undefined {
  return byId.get(id);
}

/** Whether `value` names one of the shop's categories. */
export function isCategory(value: unknown): value is Category {
  return typeof value === 'string' && (CATEGORIES as readonly string[]).includes(value);
}
