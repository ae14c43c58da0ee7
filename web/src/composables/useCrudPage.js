// Everything a console list page shares: the paged list, the create/edit
// dialog, who may write, the phone-width flag, save-then-reload, and
// delete-after-confirmation. Pages keep only their columns, fields and rules.
import { computed, onMounted, reactive } from 'vue';
import { useList } from './useList.js';
import { useForm } from './useForm.js';
import { useNarrow } from './useNarrow.js';
import { canWrite } from '../menu.js';
import { session } from '../session.js';
import { forget } from '../names.js';
import { confirmDanger } from '../confirm.js';

/**
 * name       the API resource (/api/v1/<name>) and, by default, the menu page
 * what       what one object is called ("部门"): messages and dialog titles
 * filters    extra list filters with their initial values
 * form       { blank, toBody, fromObject } for the dialog; omit for read-only pages
 * deleteText (row) => the confirmation question
 * cached     the names.js cache holds this resource: forget edited/deleted ids
 * afterSave, afterDelete  page-specific follow-ups
 */
export function useCrudPage(name, {
  what = '', page = name, pageSize, filters, form, deleteText, cached = false,
  beforeSave, afterSave, afterDelete, autoload = true,
} = {}) {
  const list = useList(name, { pageSize, filters });
  const f = form ? useForm(name, { what, ...form }) : null;
  const narrow = useNarrow();
  const writable = computed(() => canWrite(page, session.user?.roles));

  async function save() {
    if (!f) return null;
    if (beforeSave) await beforeSave(f);
    const editing = f.editing;
    const saved = await f.save();
    if (saved) {
      if (editing && cached) forget(name, editing.id);
      list.load();
      if (afterSave) await afterSave(saved, editing);
    }
    return saved;
  }

  async function confirmDelete(row) {
    const question = deleteText ? deleteText(row) : `确定删除${what}吗？`;
    if (!(await confirmDanger(question))) return false;
    if (!(await list.remove(row, what))) return false;
    if (cached) forget(name, row.id);
    if (afterDelete) await afterDelete(row);
    return true;
  }

  if (autoload) onMounted(list.load);

  // reactive() unwraps the refs: templates write crud.items, crud.state.page…
  return reactive({ ...list, f, narrow, writable, what, save, confirmDelete });
}
