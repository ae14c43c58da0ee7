// The building blocks of a console list page (see composables/useCrudPage.js).
export { default as PageHead } from './PageHead.vue';
export { default as ListCard } from './ListCard.vue';
export { default as SearchBox } from './SearchBox.vue';
export { default as CreateButton } from './CreateButton.vue';
export { default as ActionColumn } from './ActionColumn.vue';
export { default as CrudDialog } from './CrudDialog.vue';
export { default as FormField } from './FormField.vue';
