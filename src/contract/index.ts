/** The API's response shapes, for the routes (`import * as C`) and the web app's types. */
export * from "./figures.js";
export * from "./imports.js";
export * from "./managers.js";
export * from "./plans.js";
export * from "./profile.js";
export * from "./reviews.js";
