/** Reference data the generator draws from. Plain ASCII without commas or quotes, so CSV stays simple. */

export const FIRST_NAMES: readonly string[] = [
  'James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth',
  'William', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Carlos', 'Karen',
  'Daniel', 'Lisa', 'Matthew', 'Nancy', 'Anthony', 'Sofia', 'Mark', 'Emma', 'Wei', 'Olivia',
  'Steven', 'Ava', 'Andrew', 'Mia', 'Joshua', 'Aisha', 'Kevin', 'Priya', 'Brian', 'Chloe',
  'Omar', 'Grace', 'Luis', 'Hannah', 'Ethan', 'Yuki', 'Noah', 'Zoe', 'Liam', 'Fatima',
];

export const LAST_NAMES: readonly string[] = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
  'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin',
  'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson',
  'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores',
  'Green', 'Adams', 'Nelson', 'Baker', 'Hall', 'Rivera', 'Campbell', 'Mitchell', 'Carter', 'Patel',
];

export const EMAIL_DOMAINS: readonly string[] = ['gmail.com', 'yahoo.com', 'outlook.com', 'icloud.com', 'proton.me', 'hotmail.com'];

/** City, state/province, country, and a relative population weight. */
export const CITIES: readonly (readonly [string, string, string, number])[] = [
  ['New York', 'NY', 'US', 10], ['Los Angeles', 'CA', 'US', 8], ['Chicago', 'IL', 'US', 6],
  ['Houston', 'TX', 'US', 5], ['Phoenix', 'AZ', 'US', 4], ['Philadelphia', 'PA', 'US', 4],
  ['San Antonio', 'TX', 'US', 3], ['San Diego', 'CA', 'US', 3], ['Dallas', 'TX', 'US', 3],
  ['Austin', 'TX', 'US', 3], ['Seattle', 'WA', 'US', 3], ['Denver', 'CO', 'US', 3],
  ['Boston', 'MA', 'US', 3], ['Miami', 'FL', 'US', 3], ['Atlanta', 'GA', 'US', 3],
  ['Portland', 'OR', 'US', 2], ['Nashville', 'TN', 'US', 2], ['Minneapolis', 'MN', 'US', 2],
  ['Toronto', 'ON', 'CA', 3], ['Vancouver', 'BC', 'CA', 2], ['Montreal', 'QC', 'CA', 2],
  ['London', 'ENG', 'GB', 3], ['Manchester', 'ENG', 'GB', 1], ['Edinburgh', 'SCT', 'GB', 1],
];

export const AGE_BANDS: readonly string[] = ['18-24', '25-34', '35-44', '45-54', '55-64', '65+'];
export const AGE_BAND_WEIGHTS: readonly number[] = [14, 27, 23, 17, 12, 7];

export const GENDERS: readonly string[] = ['female', 'male', 'non-binary', 'undisclosed'];
export const GENDER_WEIGHTS: readonly number[] = [49, 46, 2, 3];

export const ACQUISITION_CHANNELS: readonly string[] = ['organic_search', 'paid_search', 'social', 'email', 'referral', 'direct'];
export const ACQUISITION_WEIGHTS: readonly number[] = [28, 22, 18, 10, 8, 14];

/** The marketing team's persona, assigned at signup (not the revenue segment computed in gold). */
export const MARKETING_SEGMENTS: readonly string[] = ['value_seeker', 'mainstream', 'trend_setter', 'affluent'];
export const MARKETING_WEIGHTS: readonly number[] = [35, 40, 15, 10];

export const PAYMENT_METHODS: readonly string[] = ['credit_card', 'debit_card', 'paypal', 'apple_pay', 'gift_card'];
export const PAYMENT_WEIGHTS: readonly number[] = [45, 20, 20, 12, 3];

export const ORDER_CHANNELS: readonly string[] = ['web', 'mobile_app'];
export const ORDER_CHANNEL_WEIGHTS: readonly number[] = [58, 42];

/** The canonical status values; the silver layer accepts exactly these after trimming and lower-casing. */
export const STATUSES = ['delivered', 'shipped', 'processing', 'cancelled', 'returned'] as const;

export interface CategorySpec {
  readonly name: string;
  readonly brands: readonly string[];
  readonly nouns: readonly string[];
  /** Price range in whole dollars; list prices end in .99. */
  readonly minPrice: number;
  readonly maxPrice: number;
  /** Extra demand in November and December (gifts). */
  readonly holidayBoost: number;
}

export const CATEGORIES: readonly CategorySpec[] = [
  {
    name: 'Electronics',
    brands: ['Voltix', 'Auralis', 'Nimbus', 'Pixelon'],
    nouns: ['Headphones', 'Smartwatch', 'Speaker', 'Tablet', 'Charger', 'Camera', 'Monitor', 'Keyboard', 'Earbuds', 'Drone'],
    minPrice: 19,
    maxPrice: 899,
    holidayBoost: 1.6,
  },
  {
    name: 'Home & Kitchen',
    brands: ['Hearthly', 'CasaNova', 'Brewmaster', 'Linenry'],
    nouns: ['Blender', 'Cookware Set', 'Coffee Maker', 'Knife Block', 'Towel Set', 'Lamp', 'Air Fryer', 'Kettle', 'Rug', 'Toaster'],
    minPrice: 12,
    maxPrice: 349,
    holidayBoost: 1.2,
  },
  {
    name: 'Fashion',
    brands: ['Nordvik', 'Solenne', 'Urbanthread', 'Kestrel'],
    nouns: ['Jacket', 'Sneakers', 'Jeans', 'Sweater', 'Handbag', 'Scarf', 'Boots', 'Dress', 'Sunglasses', 'Watch'],
    minPrice: 15,
    maxPrice: 299,
    holidayBoost: 1.1,
  },
  {
    name: 'Sports & Outdoors',
    brands: ['Trailpeak', 'Aquafin', 'Strideon', 'Summitco'],
    nouns: ['Yoga Mat', 'Tent', 'Running Shoes', 'Backpack', 'Dumbbells', 'Bike Helmet', 'Water Bottle', 'Fitness Tracker', 'Sleeping Bag', 'Kayak Paddle'],
    minPrice: 9,
    maxPrice: 499,
    holidayBoost: 0.9,
  },
  {
    name: 'Books',
    brands: ['Inkwell Press', 'Lantern House', 'Quarto', 'Bluefern'],
    nouns: ['Cookbook', 'Novel', 'Travel Guide', 'Biography', 'Art Book', 'Thriller', 'Science Book', 'Poetry Collection', 'Childrens Book', 'Business Book'],
    minPrice: 6,
    maxPrice: 59,
    holidayBoost: 1.3,
  },
];

export const PRODUCT_ADJECTIVES: readonly string[] = ['Classic', 'Pro', 'Lite', 'Max', 'Eco', 'Plus', 'Mini', 'Ultra', 'Essential', 'Signature'];
