// A create/edit dialog bound to one resource, with server errors attached to
// the field they name and optimistic locking through `version`.
import { reactive, ref, watch } from 'vue';
import { ElMessage } from 'element-plus';
import { resource, errorText, errorField } from '../api.js';

export function useForm(name, { blank, toBody, fromObject, what = '' }) {
  const res = resource(name);
  const open = ref(false);
  const saving = ref(false);
  const editing = ref(null); // the object being edited, or null when creating
  const form = reactive(blank());
  const fieldErrors = reactive({});
  const formError = ref('');
  const conflict = ref(false);
  const formRef = ref();

  // The server's complaint about a field goes once the person changes that field.
  watch(() => ({ ...form }), (now, before) => {
    for (const k of Object.keys(fieldErrors)) if (before && now[k] !== before[k]) delete fieldErrors[k];
  });

  function clearErrors() {
    for (const k of Object.keys(fieldErrors)) delete fieldErrors[k];
    formError.value = '';
    conflict.value = false;
  }

  function reset(values) {
    for (const k of Object.keys(form)) delete form[k];
    Object.assign(form, blank(), values || {});
    clearErrors();
    formRef.value?.clearValidate?.();
  }

  function openCreate(preset) {
    editing.value = null;
    reset(preset);
    open.value = true;
  }

  function openEdit(obj) {
    editing.value = obj;
    reset(fromObject ? fromObject(obj) : { ...obj });
    open.value = true;
  }

  /** After a conflict: show the object as it is now (the person's edits are dropped). */
  async function reloadLatest() {
    if (!editing.value) return;
    try {
      openEdit(await res.get(editing.value.id));
    } catch (e) {
      formError.value = errorText(e);
    }
  }

  /** Validates, saves and returns the saved object (or null on failure). */
  async function save() {
    clearErrors();
    if (formRef.value) {
      try {
        await formRef.value.validate();
      } catch {
        return null;
      }
    }
    saving.value = true;
    try {
      const body = toBody(form, editing.value);
      // An empty optional text field means "none": the server wants null, not "".
      for (const k of Object.keys(body)) if (body[k] === '') body[k] = null;
      let saved;
      if (editing.value) {
        saved = await res.update(editing.value.id, { ...body, version: editing.value.version });
        ElMessage.success(`已保存${what}`);
      } else {
        saved = await res.create(body);
        ElMessage.success(`已新增${what}`);
      }
      open.value = false;
      return saved || true;
    } catch (e) {
      const text = errorText(e);
      const f = errorField(e);
      if (f && f in form) fieldErrors[f] = text;
      else formError.value = text;
      if (e?.error === 'CONFLICT') {
        formError.value = `${text}（您的修改未保存）`;
        conflict.value = true;
      }
      return null;
    } finally {
      saving.value = false;
    }
  }

  // reactive() unwraps the refs, so templates and callers write f.open, f.editing…
  return reactive({ res, open, saving, editing, form, fieldErrors, formError, conflict, formRef, openCreate, openEdit, save, reset, reloadLatest });
}
