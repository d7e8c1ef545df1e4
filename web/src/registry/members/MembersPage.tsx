import { type Member, memberCreateForm, memberUpdateForm } from '@gongjian/common';
import { useAccess } from '#web/AccessContext.tsx';
import { ExcelButtons } from '#web/components/ExcelButtons.tsx';
import { ListPage } from '#web/components/ListPage.tsx';
import { useLocale } from '#web/i18n/locale.tsx';
import { memberFields } from './memberFields';

/** 党员: members living in scope (area admins) or working in the unit (unit admins). */
export default function MembersPage() {
  const { t } = useLocale();
  const access = useAccess();
  return (
    <ListPage<Member>
      id="members"
      title={t('menu.members')}
      thing={t('members.thing')}
      endpoint="/members"
      fields={memberFields(t)}
      nameOf={(r) => r.name}
      createSchema={memberCreateForm}
      canCreate={access.members}
      createDefaults={{ gender: 'male', category: 'in_service', skills: [], roles: [] }}
      updateSchema={memberUpdateForm}
      toolbar={(list) => <ExcelButtons entity="members" {...list} />}
    />
  );
}
