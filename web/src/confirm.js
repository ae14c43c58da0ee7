// Confirmation of a destructive action (delete, retire…): true when confirmed.
import { ElMessageBox } from 'element-plus';

export async function confirmDanger(message, { title = '删除确认', confirm = '删除', type = 'warning' } = {}) {
  try {
    await ElMessageBox.confirm(message, title, {
      type, confirmButtonText: confirm, cancelButtonText: '取消', confirmButtonClass: 'el-button--danger',
    });
    return true;
  } catch {
    return false;
  }
}
